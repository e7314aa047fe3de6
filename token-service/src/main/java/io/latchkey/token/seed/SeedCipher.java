package io.latchkey.token.seed;

import io.latchkey.crypto.SecretCipher;

/**
 * Seeds at rest: AES-256-GCM through {@link SecretCipher}, whose output names the master key it
 * was sealed with. The context binds a ciphertext to its row ({@code totp-seed:device:42}), so a
 * sealed seed copied onto another user's row does not open there.
 */
public final class SeedCipher {

    private final SecretCipher cipher;

    public SeedCipher(SecretCipher cipher) {
        this.cipher = cipher;
    }

    public static String context(String kind, Object rowId) {
        return "totp-seed:" + kind + ":" + rowId;
    }

    public String seal(byte[] seed, String context) {
        return cipher.seal(seed, context);
    }

    public byte[] open(String sealed, String context) {
        return cipher.open(sealed, context);
    }

    /** True when the seed was sealed under a key that is no longer the active one (lazy rotation). */
    public boolean needsResealing(String sealed) {
        return cipher.needsResealing(sealed);
    }
}
