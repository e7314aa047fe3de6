package io.latchkey.token.device;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import io.latchkey.authy.error.AuthyException;

/** Checks a device's public key: base64 X.509 SubjectPublicKeyInfo, ECDSA P-256 or Ed25519. */
final class PublicKeys {

    static final String EC_P256 = "EC_P256";
    static final String ED25519 = "ED25519";

    /** The order of the P-256 base point (FIPS 186-4 D.1.2.3): tells P-256 apart from other curves. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private PublicKeys() {
    }

    /** The key in canonical base64 encoding; 400/60004 when it is not a key of the named algorithm. */
    static String validate(String base64, String algorithm) {
        byte[] encoded;
        try {
            encoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw invalid("public_key", "must be base64");
        }
        try {
            PublicKey key = switch (algorithm) {
                case EC_P256 -> KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(encoded));
                case ED25519 -> KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
                default -> throw invalid("key_algorithm", "must be EC_P256 or ED25519");
            };
            if (key instanceof ECPublicKey ec && !ec.getParams().getOrder().equals(P256_ORDER)) {
                throw invalid("public_key", "must be on curve P-256");
            }
            return Base64.getEncoder().encodeToString(key.getEncoded());
        } catch (GeneralSecurityException | ClassCastException e) {
            throw invalid("public_key", "is not an X.509 " + algorithm + " public key");
        }
    }

    private static AuthyException invalid(String field, String reason) {
        return AuthyException.invalidParameter(field, reason);
    }
}
