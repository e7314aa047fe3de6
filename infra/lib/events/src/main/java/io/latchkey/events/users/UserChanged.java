package io.latchkey.events.users;

/**
 * Latest state of an Authy user, published by user-service on {@code users} (compacted, keyed by
 * authy_id). {@code revision} grows with every change; consumers ignore anything older.
 */
public record UserChanged(
        long authyId,
        long applicationId,
        long revision,
        int countryCode,
        String phoneE164,
        String email,
        boolean registered,
        boolean deleted) {

    public static final String TYPE_UPSERTED = "user.upserted";
    public static final String TYPE_REMOVED = "user.removed";
    public static final int SCHEMA_VERSION = 1;
}
