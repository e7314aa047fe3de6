package io.latchkey.events.devices;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/**
 * A device (an authenticator app holding a soft-token seed) registered or removed for a user,
 * published by token-service on {@code devices} (keyed by authy_id). push-service keeps the public key
 * to check OneTouch answers; user-service lists device types in {@code users/{id}/status}.
 * Never carries the seed.
 *
 * @param osType        e.g. {@code android}, {@code ios}, {@code authy_chrome} (what Authy's status shows)
 * @param publicKey     base64 X.509 SubjectPublicKeyInfo
 * @param keyAlgorithm  {@code EC_P256} or {@code ED25519}
 */
public record DeviceChanged(
        long deviceId,
        long authyId,
        long applicationId,
        String osType,
        String publicKey,
        String keyAlgorithm,
        Status status) implements EventPayload {

    public enum Status {
        REGISTERED, REMOVED
    }

    public static final String TYPE_REGISTERED = "device.registered";
    public static final String TYPE_REMOVED = "device.removed";
    public static final int SCHEMA_VERSION = 1;

    @Override
    public String topic() {
        return Topics.DEVICES;
    }

    @Override
    public String key() {
        return String.valueOf(authyId);
    }

    @Override
    public String type() {
        return status == Status.REMOVED ? TYPE_REMOVED : TYPE_REGISTERED;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
