package io.latchkey.benchmarks;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Hotp;
import io.latchkey.totp.Seeds;
import io.latchkey.totp.Totp;

/**
 * The TOTP engine's cost per call: one code, and one verification in the window verify uses
 * (±1 step for authenticator apps = 3 HMACs; ±2 for soft tokens = 5). {@code macPerCall} is the
 * baseline that shows what the per-thread cached {@link Mac} saves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TotpBenchmark {

    private final Totp authenticator = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30));
    private final Totp softToken = new Totp(HmacAlgorithm.SHA1, 7, Duration.ofSeconds(10));
    private final Totp sha512 = new Totp(HmacAlgorithm.SHA512, 8, Duration.ofSeconds(30));
    private byte[] seed;
    private Instant now;
    private String wrongCode;
    private long counter;

    @Setup
    public void setUp() {
        seed = Seeds.newSeed();
        now = Instant.now();
        String current = authenticator.generate(seed, now);
        wrongCode = current.equals("000000") ? "111111" : "000000";
    }

    @Benchmark
    public String hotpSha1SixDigits() {
        return Hotp.generate(seed, counter++, 6, HmacAlgorithm.SHA1);
    }

    @Benchmark
    public String totpSha512EightDigits() {
        return sha512.generate(seed, now);
    }

    /** A failed check costs the most: every step of the window is computed. */
    @Benchmark
    public boolean verifyAuthenticatorWindowOfThree() {
        return authenticator.matchingStep(seed, wrongCode, now, 1).isPresent();
    }

    @Benchmark
    public boolean verifySoftTokenWindowOfFive() {
        return softToken.matchingStep(seed, "0000000", now, 2).isPresent();
    }

    @Benchmark
    public byte[] macPerCall() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(seed, "HmacSHA1"));
        return mac.doFinal(new byte[8]);
    }
}
