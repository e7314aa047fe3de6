package io.latchkey.push.device;

import java.time.Instant;
import java.util.Optional;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.lang.JoseException;

import io.latchkey.crypto.DevicePublicKeys;

/**
 * A device's answer to an approval request: a compact JWS signed with the device's private key (ES256 for a
 * P-256 key, EdDSA for Ed25519), header {@code kid} = the device id. Its claims are the canonical fields the
 * server checks: {@code uuid}, {@code app_id}, {@code authy_id}, {@code device_id}, {@code status}
 * ({@code approved} or {@code denied}), {@code reason} ({@code not_me} or empty), {@code shown} (the hash of
 * exactly what the device showed, as the pending list gave it), {@code nonce} (the request's server nonce),
 * {@code number} (with number matching: what the user typed),
 * {@code iat} (unix seconds) and {@code jti} (unique).
 */
public record SignedDecision(String compact, long deviceId, String uuid, long applicationId, long authyId, String status,
        String reason, String shown, String nonce, String number, Instant signedAt, String id) {

    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";
    public static final String NOT_ME = "not_me";

    /** The device that claims to have signed it ({@code kid}), read before the signature is checked; empty if unreadable. */
    public static Optional<Long> claimedDevice(String compact) {
        try {
            JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(compact);
            String kid = jws.getKeyIdHeaderValue();
            return kid != null && kid.matches("\\d{1,18}") ? Optional.of(Long.parseLong(kid)) : Optional.empty();
        } catch (JoseException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The decision when {@code compact} is signed by this device's key with its algorithm; empty for anything else. */
    public static Optional<SignedDecision> verify(String compact, DeviceProjection device) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            boolean ed25519 = DevicePublicKeys.ED25519.equals(device.keyAlgorithm);
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    ed25519 ? AlgorithmIdentifiers.EDDSA : AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
            jws.setCompactSerialization(compact);
            jws.setKey(DevicePublicKeys.parse(device.publicKey, device.keyAlgorithm));
            if (!jws.verifySignature() || !String.valueOf(device.deviceId).equals(jws.getKeyIdHeaderValue())) {
                return Optional.empty();
            }
            JwtClaims claims = JwtClaims.parse(jws.getPayload());
            if (number(claims, "device_id") != device.deviceId) {
                return Optional.empty();
            }
            return Optional.of(new SignedDecision(compact, device.deviceId, claims.getStringClaimValue("uuid"),
                    number(claims, "app_id"), number(claims, "authy_id"), claims.getStringClaimValue("status"),
                    Optional.ofNullable(claims.getStringClaimValue("reason")).orElse(""),
                    claims.getStringClaimValue("shown"), claims.getStringClaimValue("nonce"),
                    claims.getStringClaimValue("number"), Instant.ofEpochSecond(claims.getIssuedAt().getValue()), claims.getJwtId()));
        } catch (JoseException | MalformedClaimException | org.jose4j.jwt.consumer.InvalidJwtException
                | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static long number(JwtClaims claims, String name) throws MalformedClaimException {
        Object value = claims.getClaimValue(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && text.matches("\\d{1,18}")) {
            return Long.parseLong(text);
        }
        throw new MalformedClaimException(name + " is not a number");
    }
}
