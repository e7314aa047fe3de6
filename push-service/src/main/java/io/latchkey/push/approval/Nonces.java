package io.latchkey.push.approval;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable per-request nonces: 256 random bits, base64url. */
final class Nonces {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Nonces() {
    }

    static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
