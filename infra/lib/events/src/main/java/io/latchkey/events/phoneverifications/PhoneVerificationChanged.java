package io.latchkey.events.phoneverifications;

import java.util.UUID;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/**
 * A phone verification (docs/authy-api.md rows 16-18) was started or checked, published by token-service on
 * {@code phone-verifications}, keyed by the application id. Carries neither the number nor the code: the
 * calling code is enough for reports, and the application knows which number it asked about.
 *
 * @param verificationId the verification; null when a check found none pending
 * @param countryCode    the number's calling code, e.g. 1; 0 when unknown
 * @param via            {@code sms} or {@code call} on {@link Outcome#STARTED}; null otherwise
 */
public record PhoneVerificationChanged(
        UUID verificationId,
        long applicationId,
        int countryCode,
        Outcome outcome,
        String via) implements EventPayload {

    public static final String TYPE = "phone-verification.changed";
    public static final int SCHEMA_VERSION = 1;

    public enum Outcome {
        /** A code was sent (or sent again). */
        STARTED,
        /** A check with the right code closed the verification. */
        CODE_VALID,
        /** A check with a wrong code. */
        CODE_INVALID,
        /** A check found no pending verification for the number (none, expired, or voided after too many wrong codes). */
        NOT_FOUND,
        /** A check refused because the number's failed-check budget is spent (429). */
        FAILED
    }

    @Override
    public String topic() {
        return Topics.PHONE_VERIFICATIONS;
    }

    @Override
    public String key() {
        return String.valueOf(applicationId);
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
