package io.latchkey.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** RFC 4226 Appendix D test values. */
class HotpTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final String[] EXPECTED = {
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"};

    @Test
    void rfc4226AppendixD() {
        for (int counter = 0; counter < EXPECTED.length; counter++) {
            assertEquals(EXPECTED[counter], Hotp.generate(SECRET, counter, 6, HmacAlgorithm.SHA1), "counter " + counter);
        }
    }

    @Test
    void sameKeyOnManyThreadsGivesTheSameCodes() throws InterruptedException {
        Thread[] threads = new Thread[4];
        boolean[] ok = new boolean[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                boolean all = true;
                for (int round = 0; round < 200; round++) {
                    for (int counter = 0; counter < EXPECTED.length; counter++) {
                        all &= EXPECTED[counter].equals(Hotp.generate(SECRET, counter, 6, HmacAlgorithm.SHA1));
                        // interleave another key on the same cached Mac
                        Hotp.generate(new byte[] {1, 2, 3}, counter, 8, HmacAlgorithm.SHA1);
                    }
                }
                ok[index] = all;
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (boolean threadOk : ok) {
            assertTrue(threadOk);
        }
    }

    @Test
    void codesAreZeroPaddedAndDigitsBounded() {
        for (int counter = 0; counter < 200; counter++) {
            assertEquals(8, Hotp.generate(SECRET, counter, 8, HmacAlgorithm.SHA256).length());
            assertEquals(6, Hotp.generate(SECRET, counter, 6, HmacAlgorithm.SHA512).length());
        }
        assertThrows(IllegalArgumentException.class, () -> Hotp.generate(SECRET, 0, 5, HmacAlgorithm.SHA1));
        assertThrows(IllegalArgumentException.class, () -> Hotp.generate(SECRET, 0, 9, HmacAlgorithm.SHA1));
    }

    @Test
    void base32RoundTrip() {
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.encode(SECRET));
        assertEquals("12345678901234567890", new String(Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), StandardCharsets.US_ASCII));
        assertEquals("MZXW6", Base32.encode("foo".getBytes(StandardCharsets.US_ASCII))); // RFC 4648 §10 without padding
        assertEquals("MZXW6YTBOI", Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(32, Base32.encode(Seeds.newSeed()).length());
    }
}
