package io.latchkey.authy;

/** Phone numbers never appear whole in logs or operator views (docs/architecture.md "Cross-cutting"). */
public final class PhoneMasks {

    private PhoneMasks() {
    }

    /** {@code +15551234502} -> {@code +1******02}: enough to tell two numbers apart in a log. */
    public static String forLog(String e164) {
        if (e164 == null || e164.length() < 5) {
            return "***";
        }
        int keep = 2;
        String prefix = e164.substring(0, Math.min(2, e164.length() - keep));
        return prefix + "*".repeat(e164.length() - prefix.length() - keep) + e164.substring(e164.length() - keep);
    }

    /** {@code users/{id}/status} shows {@code XXX-XXX-9302}: the last four digits (docs/authy-api.md §6 "Masking"). */
    public static String forStatus(String e164) {
        String digits = e164 == null ? "" : e164.replaceAll("\\D", "");
        return "XXX-XXX-" + (digits.length() >= 4 ? digits.substring(digits.length() - 4) : "XXXX");
    }

    /** sms/call answers show {@code +1-XXX-XXX-XX02}: the calling code and the last two digits (§6 "Masking"). */
    public static String forCellphone(int countryCode, String e164) {
        String digits = e164 == null ? "" : e164.replaceAll("\\D", "");
        return "+" + countryCode + "-XXX-XXX-XX" + (digits.length() >= 2 ? digits.substring(digits.length() - 2) : "XX");
    }
}
