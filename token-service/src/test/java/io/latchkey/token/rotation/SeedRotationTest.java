package io.latchkey.token.rotation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.latchkey.token.device.Device;
import io.latchkey.token.seed.SeedCipher;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Seeds;
import io.latchkey.totp.Totp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Seeds sealed under a retired key id ("old", still configured for decryption in %test) are re-sealed
 * under the active one: lazily when verify opens them, and by {@link SeedResealJob} for the rest.
 */
@QuarkusTest
class SeedRotationTest {

    static final String KEY = "rotation-test-key-0123456789abcdef";
    static final SeedCipher OLD = new SeedCipher(new SecretCipher(
            Map.of("old", Base64.getDecoder().decode("ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=")), "old"));

    static final long APPLICATION_ID = TestIds.applicationId();
    static final long LAZY_USER = TestIds.authyId();
    static final long JOB_USER = TestIds.authyId();
    static final long UNOPENED_SEED_USER = TestIds.authyId();
    /** Only the job reads these devices: their user need not exist. */
    static final long NO_USER = TestIds.authyId();

    private static boolean ready;

    @Inject
    SeedResealJob job;

    @Inject
    SeedCipher current;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(APPLICATION_ID, "Rotation App", KEY);
            TestFixtures.user(KEY, LAZY_USER, APPLICATION_ID, 1, TestIds.phone().e164(), true);
            TestFixtures.user(KEY, JOB_USER, APPLICATION_ID, 1, TestIds.phone().e164(), true);
            TestFixtures.user(KEY, UNOPENED_SEED_USER, APPLICATION_ID, 1, TestIds.phone().e164(), true);
            ready = true;
        }
    }

    @Test
    void verifyReSealsLazily() {
        byte[] seed = Seeds.newSeed();
        insertDevice(9_000_001L, LAZY_USER, seed);
        String token = new Totp(HmacAlgorithm.SHA1, 7, Duration.ofSeconds(10)).generate(seed, Instant.now());
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + token + "/" + LAZY_USER)
                .then().statusCode(200).body("device.id", equalTo(9_000_001));
        String sealed = sealedSeed(9_000_001L);
        assertTrue(sealed.startsWith("test:"), "re-sealed under the active key");
        assertArrayEquals(seed, current.open(sealed, Device.seedContext(9_000_001L)));
    }

    @Test
    void aSeedThatDoesNotOpenNeverMakesVerifyFail() {
        byte[] seed = Seeds.newSeed();
        insertDevice(9_000_030L, UNOPENED_SEED_USER, seed);
        // registered later, so verify tries it first
        insertDevice(9_000_031L, UNOPENED_SEED_USER, OLD.seal(seed, Device.seedContext(2L)));
        String token = new Totp(HmacAlgorithm.SHA1, 7, Duration.ofSeconds(10)).generate(seed, Instant.now());
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + token + "/" + UNOPENED_SEED_USER)
                .then().statusCode(200).body("device.id", equalTo(9_000_030));
    }

    @Test
    void jobReSealsTheRest() {
        byte[] seed = Seeds.newSeed();
        insertDevice(9_000_002L, JOB_USER, seed);
        job.resealBatch();
        String sealed = sealedSeed(9_000_002L);
        assertTrue(sealed.startsWith("test:"));
        assertArrayEquals(seed, current.open(sealed, Device.seedContext(9_000_002L)));
    }

    @Test
    void aSeedThatDoesNotOpenIsSkippedAndTheBatchGoesOn() {
        byte[] seed = Seeds.newSeed();
        // a row sealed under the retired key but not with this row's context: it cannot be opened here
        insertDevice(9_000_010L, NO_USER, OLD.seal(seed, Device.seedContext(1L)));
        insertDevice(9_000_011L, NO_USER, OLD.seal(seed, Device.seedContext(9_000_011L)));
        job.resealBatch();
        assertTrue(sealedSeed(9_000_010L).startsWith("old:"), "the broken row is left as it is");
        assertArrayEquals(seed, current.open(sealedSeed(9_000_011L), Device.seedContext(9_000_011L)));
        job.resealBatch(); // and the next run pages past it again, without failing
    }

    @Test
    void reSealingWritesOnlyTheSealedColumnAndOnlyOverTheValueItRead() {
        byte[] seed = Seeds.newSeed();
        insertDevice(9_000_020L, NO_USER, seed);
        String read = sealedSeed(9_000_020L);
        // meanwhile verify advances the step
        QuarkusTransaction.requiringNew().run(() -> Device.update("lastUsedStep = 42 where id = ?1", 9_000_020L));
        assertTrue(job.resealDevice(9_000_020L, read));
        Device after = QuarkusTransaction.requiringNew().call(() -> Device.<Device> findById(9_000_020L));
        assertEquals(42L, after.lastUsedStep, "the concurrent write survives");
        assertTrue(after.seedSealed.startsWith("test:"));
        // a value that changed since it was read (a newer re-seal, a replaced seed) is not overwritten
        assertFalse(job.resealDevice(9_000_020L, read));
        assertEquals(after.seedSealed, sealedSeed(9_000_020L));
    }

    private static void insertDevice(long id, long authyId, byte[] seed) {
        insertDevice(id, authyId, OLD.seal(seed, Device.seedContext(id)));
    }

    private static void insertDevice(long id, long authyId, String sealed) {
        QuarkusTransaction.requiringNew().run(() -> {
            Device device = new Device();
            device.id = id;
            device.authyId = authyId;
            device.applicationId = APPLICATION_ID;
            device.osType = "ios";
            device.publicKey = "unused-here";
            device.keyAlgorithm = "ED25519";
            device.seedSealed = sealed;
            device.registrationMethod = "sms";
            device.status = Device.REGISTERED;
            device.registeredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            device.persist();
        });
    }

    private static String sealedSeed(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Device.<Device> findById(id).seedSealed);
    }
}
