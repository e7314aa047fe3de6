package io.latchkey.totp;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 4226 HOTP: HMAC over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits.
 * Pure Java and thread-safe. {@link Mac#getInstance} walks the provider list and is the expensive
 * part of a short HMAC, so every thread keeps one {@link Mac} per algorithm and only re-keys it.
 */
public final class Hotp {

    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 8;

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private static final ThreadLocal<Map<HmacAlgorithm, Mac>> MACS = ThreadLocal.withInitial(() -> new EnumMap<>(HmacAlgorithm.class));

    private Hotp() {
    }

    /** The code for {@code counter}, left-padded with zeros to {@code digits}. */
    public static String generate(byte[] key, long counter, int digits, HmacAlgorithm algorithm) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("digits must be between " + MIN_DIGITS + " and " + MAX_DIGITS);
        }
        byte[] hash = hmac(key, counter, algorithm);
        // RFC 4226 §5.3 dynamic truncation: the low nibble of the last byte selects 4 bytes
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = (hash[offset] & 0x7f) << 24
                | (hash[offset + 1] & 0xff) << 16
                | (hash[offset + 2] & 0xff) << 8
                | hash[offset + 3] & 0xff;
        int otp = binary % POWERS_OF_TEN[digits];
        String text = Integer.toString(otp);
        return text.length() == digits ? text : "0".repeat(digits - text.length()) + text;
    }

    /**
     * Compares two codes without an early exit on the first differing digit, so the time a
     * comparison takes tells an attacker nothing about how much of a guess was right.
     */
    public static boolean sameCode(String expected, String candidate) {
        if (expected == null || candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), candidate.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, long counter, HmacAlgorithm algorithm) {
        byte[] message = new byte[8];
        long value = counter;
        for (int i = 7; i >= 0; i--) {
            message[i] = (byte) value;
            value >>>= 8;
        }
        Mac mac = MACS.get().computeIfAbsent(algorithm, Hotp::newMac);
        try {
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
        return mac.doFinal(message);
    }

    private static Mac newMac(HmacAlgorithm algorithm) {
        try {
            return Mac.getInstance(algorithm.jcaName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName() + " is in every JVM", e);
        }
    }
}
