package io.latchkey.events.users;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

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
        boolean deleted) implements EventPayload {

    public static final String TYPE_UPSERTED = "user.upserted";
    public static final String TYPE_REMOVED = "user.removed";
    public static final int SCHEMA_VERSION = 1;

    /** The user as it is now. */
    public static UserChanged of(long authyId, long applicationId, long revision, int countryCode, String phoneE164,
            String email, boolean registered) {
        return new UserChanged(authyId, applicationId, revision, countryCode, phoneE164, email, registered, false);
    }

    /** A removal keeps nobody's phone or email on the compacted topic: consumers only need the id. */
    public static UserChanged removal(long authyId, long applicationId, long revision, int countryCode) {
        return new UserChanged(authyId, applicationId, revision, countryCode, null, null, false, true);
    }

    @Override
    public String topic() {
        return Topics.USERS;
    }

    @Override
    public String key() {
        return String.valueOf(authyId);
    }

    @Override
    public String type() {
        return deleted ? TYPE_REMOVED : TYPE_UPSERTED;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
