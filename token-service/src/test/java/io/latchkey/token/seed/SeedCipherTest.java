package io.latchkey.token.seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.totp.Base32;
import io.latchkey.totp.Seeds;

/** Key rotation for seeds: the old key still opens, the new key seals, and a seed only opens on its own row. */
class SeedCipherTest {

    private static final byte[] OLD_KEY = new byte[32];
    private static final byte[] NEW_KEY = new byte[32];

    static {
        NEW_KEY[0] = 1;
    }

    @Test
    void rotation() {
        byte[] seed = Seeds.newSeed();
        SeedCipher before = new SeedCipher(new SecretCipher(Map.of("k1", OLD_KEY), "k1"));
        String sealedOld = before.seal(seed, SeedCipher.context("device", 7));
        assertTrue(sealedOld.startsWith("k1:"));
        assertFalse(new String(sealedOld).contains(Base32.encode(seed)));

        SeedCipher after = new SeedCipher(new SecretCipher(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k2"));
        assertArrayEquals(seed, after.open(sealedOld, SeedCipher.context("device", 7)));
        assertTrue(after.needsResealing(sealedOld));
        String resealed = after.seal(seed, SeedCipher.context("device", 7));
        assertTrue(resealed.startsWith("k2:"));
        assertFalse(after.needsResealing(resealed));
        assertThrows(SecretCipher.SealedValueException.class, () -> after.open(resealed, SeedCipher.context("device", 8)));
    }
}
