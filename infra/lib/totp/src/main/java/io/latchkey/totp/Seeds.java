package io.latchkey.totp;

import java.security.SecureRandom;

/** New TOTP seeds: 20 random bytes (160 bits, RFC 4226 §4's recommended length for HMAC-SHA1). */
public final class Seeds {

    public static final int SEED_BYTES = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Seeds() {
    }

    public static byte[] newSeed() {
        byte[] seed = new byte[SEED_BYTES];
        RANDOM.nextBytes(seed);
        return seed;
    }
}
