package io.latchkey.events.verifications;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/**
 * One answer of token-service's {@code verify} endpoint, published on {@code verifications} (keyed by
 * authy_id). user-service marks a user registered on the first {@link Outcome#VALID} and counts
 * authentications for {@code app/stats}; push-service and reporting may follow it too.
 * Never carries the token that was checked.
 */
public record VerificationChecked(
        long authyId,
        long applicationId,
        Outcome outcome,
        Method method) implements EventPayload {

    public enum Outcome {
        VALID, INVALID, REUSED, LOCKED_OUT
    }

    /** What the accepted (or last tried) code was; {@code UNKNOWN} when nothing matched. */
    public enum Method {
        SMS, VOICE, SOFT_TOKEN, AUTHENTICATOR_APP, UNKNOWN
    }

    public static final String TYPE = "verification.checked";
    public static final int SCHEMA_VERSION = 1;

    @Override
    public String topic() {
        return Topics.VERIFICATIONS;
    }

    @Override
    public String key() {
        return String.valueOf(authyId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
