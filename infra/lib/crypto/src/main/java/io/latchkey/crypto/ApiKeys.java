package io.latchkey.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API keys are random (256 bits of entropy), so a plain SHA-256 is enough to store and look them
 * up: nothing is gained by a slow hash when guessing the key itself is hopeless.
 */
public final class ApiKeys {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 43 characters of a 62-letter alphabet: just over 256 bits. */
    private static final int GENERATED_LENGTH = 43;

    private ApiKeys() {
    }

    public static String generate() {
        char[] key = new char[GENERATED_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }

    public static String sha256Hex(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Constant-time comparison of two hex digests. */
    public static boolean sameDigest(String expectedHex, String actualHex) {
        return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
                actualHex.getBytes(StandardCharsets.US_ASCII));
    }
}
