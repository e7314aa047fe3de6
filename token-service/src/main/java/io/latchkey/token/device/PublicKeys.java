package io.latchkey.token.device;

import java.util.Base64;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.crypto.DevicePublicKeys;

/** Checks a device's public key at registration (rules in {@link DevicePublicKeys}). */
final class PublicKeys {

    static final String EC_P256 = DevicePublicKeys.EC_P256;
    static final String ED25519 = DevicePublicKeys.ED25519;

    private PublicKeys() {
    }

    /** The key in canonical base64 encoding; 400/60004 when it is not a key of the named algorithm. */
    static String validate(String base64, String algorithm) {
        if (!EC_P256.equals(algorithm) && !ED25519.equals(algorithm)) {
            throw AuthyException.invalidParameter("key_algorithm", "must be EC_P256 or ED25519");
        }
        try {
            return Base64.getEncoder().encodeToString(DevicePublicKeys.parse(base64, algorithm).getEncoded());
        } catch (IllegalArgumentException e) {
            throw AuthyException.invalidParameter("public_key", e.getMessage());
        }
    }
}
