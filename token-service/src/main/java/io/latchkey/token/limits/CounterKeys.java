package io.latchkey.token.limits;

/** The keys of {@link WindowCounters}, all in one place so that no two limits ever share one by accident. */
public final class CounterKeys {

    private CounterKeys() {
    }

    /** SMS and calls asked for one user ({@code sms}/{@code call}). */
    public static String sends(long authyId) {
        return "send:" + authyId;
    }

    /** Device registrations started for one user. */
    public static String registrations(long authyId) {
        return "registration:" + authyId;
    }

    /** Phone-verification starts for one number of one application. */
    public static String phoneVerificationStarts(long applicationId, String phoneE164) {
        return "phone-start:" + applicationId + ":" + phoneE164;
    }

    /** Failed phone-verification checks for one number of one application, across verifications. */
    public static String phoneVerificationChecks(long applicationId, String phoneE164) {
        return "phone-check:" + applicationId + ":" + phoneE164;
    }

    /** Messages to one number from one application; {@code digits} without the plus. */
    static String destination(long applicationId, String digits) {
        return "n:" + applicationId + ":" + digits;
    }

    /** Messages to one number range (its first digits) from one application. */
    static String destinationRange(long applicationId, String range) {
        return "r:" + applicationId + ":" + range;
    }

    /** Messages to one number from every application together. */
    static String destinationAllApplications(String digits) {
        return "g:" + digits;
    }
}
