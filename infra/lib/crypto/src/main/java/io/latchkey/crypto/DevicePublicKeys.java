package io.latchkey.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The public keys devices register (base64 X.509 SubjectPublicKeyInfo, ECDSA P-256 or Ed25519) and the
 * signatures made with their private keys. Pure Java: token-service registers the keys, push-service checks
 * the decisions signed with them.
 */
public final class DevicePublicKeys {

    public static final String EC_P256 = "EC_P256";
    public static final String ED25519 = "ED25519";

    /** The order of the P-256 base point (FIPS 186-4 D.1.2.3): tells P-256 apart from other curves. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private DevicePublicKeys() {
    }

    /**
     * The key of the named algorithm.
     *
     * @throws IllegalArgumentException naming what is wrong: not base64, an unknown algorithm, not such a key
     */
    public static PublicKey parse(String base64, String algorithm) {
        byte[] encoded;
        try {
            encoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be base64");
        }
        try {
            PublicKey key = switch (algorithm) {
                case EC_P256 -> KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(encoded));
                case ED25519 -> KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
                default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
            };
            if (key instanceof ECPublicKey ec && !ec.getParams().getOrder().equals(P256_ORDER)) {
                throw new IllegalArgumentException("must be on curve P-256");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("is not an X.509 " + algorithm + " public key");
        }
    }

    /** True when {@code signature} (DER for P-256) is the key's signature of {@code data}; false for anything malformed. */
    public static boolean verify(String publicKeyBase64, String algorithm, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ED25519.equals(algorithm) ? "Ed25519" : "SHA256withECDSA");
            verifier.initVerify(parse(publicKeyBase64, algorithm));
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
