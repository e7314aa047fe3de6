package io.latchkey.authy;

/** Phone numbers never appear whole in logs or operator views (DESIGN.md "Cross-cutting"). */
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
}
