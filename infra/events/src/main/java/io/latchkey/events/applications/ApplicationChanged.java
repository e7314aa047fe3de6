package io.latchkey.events.applications;

/**
 * Latest state of an application, published by user-service on {@code applications} (compacted,
 * keyed by application id). Never carries a key in the clear: {@code apiKeySha256} is what every
 * service authenticates against; {@code apiKeyCiphertext} (AES-GCM, key id prefixed) is there for
 * push-service, which must sign OneTouch callbacks with the API key itself (authy-api.md §3).
 * {@code revision} grows with every change so that a consumer can ignore a stale or repeated event.
 */
public record ApplicationChanged(
        long applicationId,
        long revision,
        String name,
        String apiKeySha256,
        String apiKeyCiphertext,
        int tokenLength,
        boolean smsEnabled,
        boolean voiceEnabled,
        boolean onetouchEnabled,
        boolean genericAuthenticatorEnabled,
        boolean deleted) {

    public static final String TYPE_UPSERTED = "application.upserted";
    public static final String TYPE_DELETED = "application.deleted";
    public static final int SCHEMA_VERSION = 1;
}
