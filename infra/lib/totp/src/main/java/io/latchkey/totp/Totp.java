package io.latchkey.totp;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;

/**
 * RFC 6238 TOTP: HOTP over the time step {@code floor((t - T0) / period)}, T0 = Unix epoch.
 * An instance is one parameter set (algorithm, digits, period); keys are passed per call.
 */
public record Totp(HmacAlgorithm algorithm, int digits, Duration period) {

    public Totp {
        Hotp.checkDigits(digits);
        if (period.isNegative() || period.isZero() || period.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("period must be a positive whole number of seconds");
        }
    }

    public long timeStep(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), period.toSeconds());
    }

    public String generate(byte[] key, Instant time) {
        return generateAtStep(key, timeStep(time));
    }

    public String generateAtStep(byte[] key, long step) {
        return Hotp.generate(key, step, digits, algorithm);
    }

    /**
     * The time step whose code equals {@code candidate}, looking {@code window} steps either side
     * of now (clock drift and the seconds a user needs to type), or empty. Every step of the window
     * is computed and compared, match or not, so the answer takes the same time either way.
     * Replay (a step accepted twice) is the caller's business: it needs state.
     */
    public OptionalLong matchingStep(byte[] key, String candidate, Instant now, int window) {
        int wanted = codeValue(candidate);
        if (wanted < 0) {
            return OptionalLong.empty();
        }
        Mac keyed = Hotp.keyed(key, algorithm);
        long current = timeStep(now);
        long matched = Long.MIN_VALUE;
        for (long step = current - window; step <= current + window; step++) {
            // (a ^ b) == 0 has no early exit; the same codes compared as strings would cost an
            // allocation and a formatting per step
            boolean same = (Hotp.code(keyed, step, digits) ^ wanted) == 0;
            if (same && matched == Long.MIN_VALUE) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /**
     * A candidate of exactly {@code digits} ASCII digits as its number, or -1: a code's digits and
     * its number are one-to-one at a fixed length, so comparing numbers compares the codes.
     */
    private int codeValue(String candidate) {
        if (candidate == null || candidate.length() != digits) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < digits; i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
