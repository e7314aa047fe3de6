package io.latchkey.totp;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.EnumMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 4226 HOTP: HMAC over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits.
 * Pure Java and thread-safe. {@link Mac#getInstance} walks the provider list and is the expensive
 * part of a short HMAC, so every thread keeps one {@link Mac} per algorithm and only re-keys it;
 * a window of steps ({@link Totp#matchingStep}) keys it once for all of them.
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
        checkDigits(digits);
        String text = Integer.toString(code(keyed(key, algorithm), counter, digits));
        return text.length() == digits ? text : "0".repeat(digits - text.length()) + text;
    }

    static void checkDigits(int digits) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("digits must be between " + MIN_DIGITS + " and " + MAX_DIGITS);
        }
    }

    /**
     * This thread's {@link Mac} for {@code algorithm}, keyed with {@code key}. A {@link Mac} goes
     * back to its keyed state after {@code doFinal}, so one keying serves every counter of a window.
     */
    static Mac keyed(byte[] key, HmacAlgorithm algorithm) {
        Mac mac = MACS.get().computeIfAbsent(algorithm, Hotp::newMac);
        try {
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
        return mac;
    }

    /** The code for {@code counter} as a number (a code of {@code digits} digits without its leading zeros). */
    static int code(Mac keyed, long counter, int digits) {
        byte[] buffer = new byte[Math.max(8, keyed.getMacLength())];
        long value = counter;
        for (int i = 7; i >= 0; i--) {
            buffer[i] = (byte) value;
            value >>>= 8;
        }
        keyed.update(buffer, 0, 8);
        int length = keyed.getMacLength();
        try {
            keyed.doFinal(buffer, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("the buffer is the MAC's length", e);
        }
        // RFC 4226 §5.3 dynamic truncation: the low nibble of the last byte selects 4 bytes
        int offset = buffer[length - 1] & 0x0f;
        int binary = (buffer[offset] & 0x7f) << 24
                | (buffer[offset + 1] & 0xff) << 16
                | (buffer[offset + 2] & 0xff) << 8
                | buffer[offset + 3] & 0xff;
        return binary % POWERS_OF_TEN[digits];
    }

    private static Mac newMac(HmacAlgorithm algorithm) {
        try {
            return Mac.getInstance(algorithm.jcaName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName() + " is in every JVM", e);
        }
    }
}
