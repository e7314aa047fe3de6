package io.latchkey.events.users;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/**
 * Latest state of an Authy user, published by user-service on {@code users} (compacted, keyed by
 * authy_id). {@code revision} grows with every change; consumers ignore anything older.
 *
 * @param importedAuthenticator schema 2: an authenticator seed the migration import carried over from Authy,
 *                              sealed; only on the change that imported it (null on every other)
 */
public record UserChanged(
        long authyId,
        long applicationId,
        long revision,
        int countryCode,
        String phoneE164,
        String email,
        boolean registered,
        boolean deleted,
        ImportedAuthenticator importedAuthenticator) implements EventPayload {

    public static final String TYPE_UPSERTED = "user.upserted";
    public static final String TYPE_REMOVED = "user.removed";
    /** 2: {@code importedAuthenticator}; a consumer that knew only 1 would lose the seed, so it dead-letters instead. */
    public static final int SCHEMA_VERSION = 2;

    /**
     * A TOTP seed as the user's authenticator app holds it: {@code sealedSeed} the seed's bytes, sealed with the
     * platform's cipher under {@link #sealingContext}; {@code digits} 6-8, {@code periodSeconds} (30 or 60),
     * {@code algorithm} {@code SHA1}, {@code SHA256} or {@code SHA512}.
     */
    public record ImportedAuthenticator(String sealedSeed, int digits, int periodSeconds, String algorithm) {
        public static String sealingContext(long authyId, long revision) {
            return "imported-authenticator:" + authyId + ":" + revision;
        }
    }

    /** Without an imported authenticator: every change but the import's. */
    public UserChanged(long authyId, long applicationId, long revision, int countryCode, String phoneE164, String email,
            boolean registered, boolean deleted) {
        this(authyId, applicationId, revision, countryCode, phoneE164, email, registered, deleted, null);
    }

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
