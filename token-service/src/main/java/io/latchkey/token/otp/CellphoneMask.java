package io.latchkey.token.otp;

/** {@code cellphone} in sms/call answers: {@code +1-XXX-XXX-XX02} (authy-api.md §6 "Masking"). */
public final class CellphoneMask {

    private CellphoneMask() {
    }

    public static String mask(int countryCode, String phoneE164) {
        String digits = phoneE164 == null ? "" : phoneE164.replaceAll("\\D", "");
        String lastTwo = digits.length() >= 2 ? digits.substring(digits.length() - 2) : "XX";
        return "+" + countryCode + "-XXX-XXX-XX" + lastTwo;
    }
}
