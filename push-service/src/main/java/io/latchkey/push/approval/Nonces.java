package io.latchkey.push.approval;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable per-request nonces: 256 random bits, base64url. */
final class Nonces {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Nonces() {
    }

    /** A number from 10 to 99 for number matching: what the user reads in the portal and types on the device. */
    static String twoDigits() {
        return String.valueOf(10 + RANDOM.nextInt(90));
    }

    static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
