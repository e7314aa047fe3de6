package io.latchkey.token.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.latchkey.authy.error.AuthyException;

/**
 * Authenticates a device's own requests with the key it registered: the device signs
 * {@code METHOD + "\n" + path + "\n" + unix-seconds} (ECDSA P-256 with SHA-256, DER signature; or
 * Ed25519) and sends {@code X-Latchkey-Device-Id}, {@code X-Latchkey-Timestamp} and
 * {@code X-Latchkey-Signature} (base64). The timestamp must be within {@link #MAX_SKEW} of now.
 */
final class DeviceSignatures {

    static final String DEVICE_ID_HEADER = "X-Latchkey-Device-Id";
    static final String TIMESTAMP_HEADER = "X-Latchkey-Timestamp";
    static final String SIGNATURE_HEADER = "X-Latchkey-Signature";
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private DeviceSignatures() {
    }

    static String signedText(String method, String path, String timestamp) {
        return method + "\n" + path + "\n" + timestamp;
    }

    /** The registered device that signed this request, else 401/60087 (no detail on which check failed). */
    static Device authenticate(String deviceIdHeader, String timestampHeader, String signatureHeader, String method,
            String path) {
        if (deviceIdHeader == null || timestampHeader == null || signatureHeader == null
                || !deviceIdHeader.matches("\\d{1,18}") || !timestampHeader.matches("\\d{1,12}")) {
            throw refused();
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestampHeader));
        if (Duration.between(signedAt, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
            throw refused();
        }
        Device device = Device.findById(Long.parseLong(deviceIdHeader));
        if (device == null || !Device.REGISTERED.equals(device.status)) {
            throw refused();
        }
        try {
            boolean ed25519 = PublicKeys.ED25519.equals(device.keyAlgorithm);
            PublicKey key = KeyFactory.getInstance(ed25519 ? "Ed25519" : "EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(device.publicKey)));
            Signature verifier = Signature.getInstance(ed25519 ? "Ed25519" : "SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(signedText(method, path, timestampHeader).getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(Base64.getDecoder().decode(signatureHeader))) {
                throw refused();
            }
            return device;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw refused();
        }
    }

    static AuthyException refused() {
        return AuthyException.of(401, "60087", "Invalid device signature");
    }
}
