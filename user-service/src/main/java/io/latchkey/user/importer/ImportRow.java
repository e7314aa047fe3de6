package io.latchkey.user.importer;

/**
 * One line of an import file, as given (validated by {@link UserImporter}). {@code totp*}: an authenticator seed
 * exported from Authy (base32) and its app's parameters, all optional; {@code authyApp}: the user had the Authy
 * app, whose tokens cannot be carried over.
 */
public record ImportRow(long line, Long authyId, String countryCode, String cellphone, String email, boolean registered,
        String totpSeed, String totpDigits, String totpPeriod, String totpAlgorithm, boolean authyApp) {

    /** Never the seed: rows appear in assertion messages and logs. */
    @Override
    public String toString() {
        return "ImportRow[line " + line + ", authy_id " + authyId + (totpSeed != null ? ", with a seed" : "") + "]";
    }
}
