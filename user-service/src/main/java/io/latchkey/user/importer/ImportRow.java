package io.latchkey.user.importer;

/** One line of an import file, as given (validated by {@link UserImporter}). */
public record ImportRow(long line, Long authyId, String countryCode, String cellphone, String email, boolean registered) {
}
