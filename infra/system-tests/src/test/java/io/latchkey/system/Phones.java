package io.latchkey.system;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh US mobile number for every user of a run, spread over many exchanges, so that no per-number
 * or per-range limit is what a test of something else runs into.
 */
final class Phones {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Phones() {
    }

    /** National format without the country code (1), e.g. {@code 775-234-0001}. */
    static String next() {
        int n = NEXT.getAndIncrement();
        int spread = n % 560;
        // exchanges 220-299, 320-399, … 820-899: never an N11 code, 560 ranges of seven digits
        int exchange = (2 + spread / 80) * 100 + 20 + spread % 80;
        return String.format("775-%03d-%04d", exchange, n / 560 % 10000);
    }
}
