package io.latchkey.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final byte[] OLD_KEY = new byte[32];
    private static final byte[] NEW_KEY = new byte[32];
    static {
        for (int i = 0; i < 32; i++) {
            OLD_KEY[i] = (byte) i;
            NEW_KEY[i] = (byte) (255 - i);
        }
    }

    private final SecretCipher oldCipher = new SecretCipher(Map.of("k1", OLD_KEY), "k1");
    private final SecretCipher rotated = new SecretCipher(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k2");

    @Test
    void sealsAndOpensWithTheSameContext() {
        String sealed = oldCipher.seal("the api key", "application-api-key:1");

        assertTrue(sealed.startsWith("k1:"));
        assertFalse(sealed.contains("the api key"));
        assertEquals("the api key", oldCipher.openString(sealed, "application-api-key:1"));
    }

    @Test
    void everySealUsesAFreshIv() {
        assertNotEquals(oldCipher.seal("same", "c"), oldCipher.seal("same", "c"));
    }

    @Test
    void anotherContextDoesNotOpen() {
        String sealed = oldCipher.seal("seed", "totp-seed:1");

        assertThrows(SecretCipher.SealedValueException.class, () -> oldCipher.open(sealed, "totp-seed:2"));
    }

    @Test
    void aTamperedValueDoesNotOpen() {
        String sealed = oldCipher.seal(new byte[] { 1, 2, 3 }, "c");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "k1:" + Base64.getEncoder().encodeToString(raw);

        assertThrows(SecretCipher.SealedValueException.class, () -> oldCipher.open(tampered, "c"));
    }

    @Test
    void afterRotationOldValuesOpenAndNewOnesUseTheNewKey() {
        String sealedBefore = oldCipher.seal(new byte[] { 9, 8, 7 }, "c");

        assertArrayEquals(new byte[] { 9, 8, 7 }, rotated.open(sealedBefore, "c"));
        assertTrue(rotated.needsResealing(sealedBefore));
        String resealed = rotated.seal(rotated.open(sealedBefore, "c"), "c");
        assertTrue(resealed.startsWith("k2:"));
        assertFalse(rotated.needsResealing(resealed));
        assertThrows(SecretCipher.SealedValueException.class, () -> oldCipher.open(resealed, "c"));
    }

    @Test
    void rejectsBadKeysAndGarbage() {
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher(Map.of("k1", new byte[16]), "k1"));
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher(Map.of("k1", OLD_KEY), "k9"));
        assertThrows(SecretCipher.SealedValueException.class, () -> oldCipher.open("garbage", "c"));
        assertThrows(SecretCipher.SealedValueException.class, () -> oldCipher.open("k1:%%%", "c"));
        assertThrows(SecretCipher.SealedValueException.class, () -> oldCipher.open("k1:AAAA", "c"));
    }

    @Test
    void readsKeysFromConfiguration() {
        String keys = "k1:" + Base64.getEncoder().encodeToString(OLD_KEY) + ", k2:" + Base64.getEncoder().encodeToString(NEW_KEY);

        SecretCipher cipher = SecretCipherProducer.fromConfig(keys, Optional.of("k2"));

        assertEquals("k2", cipher.activeKeyId());
        assertEquals("x", cipher.openString(oldCipher.seal("x", "c"), "c"));
        assertThrows(IllegalStateException.class, () -> SecretCipherProducer.fromConfig("nocolon", Optional.empty()));
    }
}
