package io.latchkey.totp;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * RFC 6238 TOTP: HOTP over the time step {@code floor((t - T0) / period)}, T0 = Unix epoch.
 * An instance is one parameter set (algorithm, digits, period); keys are passed per call.
 */
public record Totp(HmacAlgorithm algorithm, int digits, Duration period) {

    public Totp {
        if (digits < Hotp.MIN_DIGITS || digits > Hotp.MAX_DIGITS) {
            throw new IllegalArgumentException("digits must be between " + Hotp.MIN_DIGITS + " and " + Hotp.MAX_DIGITS);
        }
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
        if (candidate == null || candidate.length() != digits) {
            return OptionalLong.empty();
        }
        long current = timeStep(now);
        long matched = Long.MIN_VALUE;
        for (long step = current - window; step <= current + window; step++) {
            if (Hotp.sameCode(generateAtStep(key, step), candidate) && matched == Long.MIN_VALUE) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }
}
