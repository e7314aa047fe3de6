package io.latchkey.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6238 Appendix B test vectors (8 digits, 30 s, the three seeds of the reference code). */
class TotpTest {

    private static final byte[] SEED_SHA1 = ascii("12345678901234567890");
    private static final byte[] SEED_SHA256 = ascii("12345678901234567890123456789012");
    private static final byte[] SEED_SHA512 = ascii("1234567890123456789012345678901234567890123456789012345678901234");

    @ParameterizedTest(name = "T={0} {2}")
    @CsvSource({
        "59,          94287082, SHA1",
        "59,          46119246, SHA256",
        "59,          90693936, SHA512",
        "1111111109,  07081804, SHA1",
        "1111111109,  68084774, SHA256",
        "1111111109,  25091201, SHA512",
        "1111111111,  14050471, SHA1",
        "1111111111,  67062674, SHA256",
        "1111111111,  99943326, SHA512",
        "1234567890,  89005924, SHA1",
        "1234567890,  91819424, SHA256",
        "1234567890,  93441116, SHA512",
        "2000000000,  69279037, SHA1",
        "2000000000,  90698825, SHA256",
        "2000000000,  38618901, SHA512",
        "20000000000, 65353130, SHA1",
        "20000000000, 77737706, SHA256",
        "20000000000, 47863826, SHA512"
    })
    void rfc6238AppendixB(long unixSeconds, String expected, HmacAlgorithm algorithm) {
        Totp totp = new Totp(algorithm, 8, Duration.ofSeconds(30));
        byte[] seed = switch (algorithm) {
            case SHA1 -> SEED_SHA1;
            case SHA256 -> SEED_SHA256;
            case SHA512 -> SEED_SHA512;
        };
        assertEquals(expected, totp.generate(seed, Instant.ofEpochSecond(unixSeconds)));
        assertEquals(OptionalLong.of(totp.timeStep(Instant.ofEpochSecond(unixSeconds))),
                totp.matchingStep(seed, expected, Instant.ofEpochSecond(unixSeconds), 0));
    }

    @Test
    void windowAcceptsNeighbouringStepsOnly() {
        Totp totp = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30));
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = totp.timeStep(now);
        String previous = totp.generateAtStep(SEED_SHA1, step - 1);
        String next = totp.generateAtStep(SEED_SHA1, step + 1);
        String twoAgo = totp.generateAtStep(SEED_SHA1, step - 2);
        assertEquals(OptionalLong.of(step - 1), totp.matchingStep(SEED_SHA1, previous, now, 1));
        assertEquals(OptionalLong.of(step + 1), totp.matchingStep(SEED_SHA1, next, now, 1));
        if (!twoAgo.equals(previous) && !twoAgo.equals(next) && !twoAgo.equals(totp.generateAtStep(SEED_SHA1, step))) {
            assertFalse(totp.matchingStep(SEED_SHA1, twoAgo, now, 1).isPresent());
        }
        if (!previous.equals(totp.generate(SEED_SHA1, now))) {
            assertFalse(totp.matchingStep(SEED_SHA1, previous, now, 0).isPresent(), "window 0 is the current step only");
        }
        assertFalse(totp.matchingStep(SEED_SHA1, "12345", now, 1).isPresent(), "wrong length never matches");
    }

    @Test
    void everyGeneratedCodeMatchesItsStepAndNothingButDigitsDoes() {
        Totp totp = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30));
        int withLeadingZero = 0;
        for (long step = 0; step < 2_000; step++) {
            String code = totp.generateAtStep(SEED_SHA1, step);
            withLeadingZero += code.charAt(0) == '0' ? 1 : 0;
            Instant inStep = Instant.ofEpochSecond(step * 30 + 7);
            assertEquals(OptionalLong.of(step), totp.matchingStep(SEED_SHA1, code, inStep, 0), "step " + step);
            if (code.charAt(0) == '0') {
                // the same number with a sign or a space for its leading zero is not the code
                assertFalse(totp.matchingStep(SEED_SHA1, "+" + code.substring(1), inStep, 0).isPresent());
                assertFalse(totp.matchingStep(SEED_SHA1, " " + code.substring(1), inStep, 0).isPresent());
            }
        }
        assertTrue(withLeadingZero > 100, "about a tenth of codes start with 0: " + withLeadingZero);
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String code = totp.generate(SEED_SHA1, now);
        String arabicIndic = code.chars().mapToObj(c -> String.valueOf((char) ('\u0660' + (c - '0')))).reduce("", String::concat);
        assertFalse(totp.matchingStep(SEED_SHA1, arabicIndic, now, 1).isPresent(), "only ASCII digits are a code");
        assertFalse(totp.matchingStep(SEED_SHA1, "-" + code.substring(1), now, 1).isPresent());
        assertFalse(totp.matchingStep(SEED_SHA1, null, now, 1).isPresent());
    }

    @Test
    void anyPeriodAndDigits() {
        Totp authyApp = new Totp(HmacAlgorithm.SHA1, 7, Duration.ofSeconds(10));
        assertEquals(170_000_000L, authyApp.timeStep(Instant.ofEpochSecond(1_700_000_005L)));
        assertEquals(7, authyApp.generate(SEED_SHA1, Instant.now()).length());
        assertTrue(authyApp.matchingStep(SEED_SHA1, authyApp.generate(SEED_SHA1, Instant.now()), Instant.now(), 1).isPresent());
        assertThrows(IllegalArgumentException.class, () -> new Totp(HmacAlgorithm.SHA1, 6, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Totp(HmacAlgorithm.SHA1, 6, Duration.ofMillis(1500)));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
