package io.latchkey.authy.device;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongFunction;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.crypto.DevicePublicKeys;

/**
 * How a device authenticates its own requests (the role the Authy app played), in every service that
 * serves one: it signs {@code METHOD + "\n" + path + "\n" + unix-seconds} with the key it registered (ECDSA
 * P-256 with SHA-256, DER; or Ed25519) and sends {@code X-Latchkey-Device-Id}, {@code X-Latchkey-Timestamp}
 * and {@code X-Latchkey-Signature} (base64). The timestamp must be within {@link #MAX_SKEW} of now.
 */
public final class DeviceRequestSignature {

    public static final String DEVICE_ID_HEADER = "X-Latchkey-Device-Id";
    public static final String TIMESTAMP_HEADER = "X-Latchkey-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Latchkey-Signature";
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** A registered device's key, as the service keeps it. */
    public record DeviceKey(String publicKey, String keyAlgorithm) {
    }

    private DeviceRequestSignature() {
    }

    public static String signedText(String method, String path, String timestamp) {
        return method + "\n" + path + "\n" + timestamp;
    }

    /** The id of the registered device that signed this request, else 401/60087 (no detail on which check failed). */
    public static long authenticate(String deviceIdHeader, String timestampHeader, String signatureHeader, String method,
            String path, LongFunction<Optional<DeviceKey>> registeredKeys) {
        if (deviceIdHeader == null || timestampHeader == null || signatureHeader == null
                || !deviceIdHeader.matches("\\d{1,18}") || !timestampHeader.matches("\\d{1,12}")) {
            throw refused();
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestampHeader));
        if (Duration.between(signedAt, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
            throw refused();
        }
        long deviceId = Long.parseLong(deviceIdHeader);
        DeviceKey key = registeredKeys.apply(deviceId).orElseThrow(DeviceRequestSignature::refused);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureHeader);
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        byte[] signed = signedText(method, path, timestampHeader).getBytes(StandardCharsets.UTF_8);
        if (!DevicePublicKeys.verify(key.publicKey(), key.keyAlgorithm(), signed, signature)) {
            throw refused();
        }
        return deviceId;
    }

    public static AuthyException refused() {
        return AuthyException.of(401, "60087", "Invalid device signature");
    }
}
