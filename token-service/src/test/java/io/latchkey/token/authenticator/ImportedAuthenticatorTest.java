package io.latchkey.token.authenticator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.users.UserChanged;
import io.latchkey.events.users.UserChanged.ImportedAuthenticator;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Totp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * An authenticator seed the migration import carried over (sealed on the {@code users} topic, as user-service
 * publishes it): the user's existing app verifies on the very next call, with the app's own digits and algorithm,
 * and each time step only once from the first use on. A seed made here is not replaced by a later import.
 */
@QuarkusTest
class ImportedAuthenticatorTest {

    static final String KEY = "imported-authenticator-key-0123456789ab";
    static final long APPLICATION_ID = TestIds.applicationId();
    private static boolean ready;

    @Inject
    SecretCipher cipher;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(APPLICATION_ID, "Migrated", KEY);
            ready = true;
        }
    }

    /** The user as the import publishes it, with the seed sealed for this change; known here on the next call. */
    private void imported(long authyId, byte[] seed, int digits, String algorithm) {
        ImportedAuthenticator authenticator = new ImportedAuthenticator(
                cipher.seal(seed, ImportedAuthenticator.sealingContext(authyId, 1)), digits, 30, algorithm);
        TestEvents.publish(Topics.USERS, String.valueOf(authyId), Event.of(UserChanged.TYPE_UPSERTED, UserChanged.SCHEMA_VERSION,
                new UserChanged(authyId, APPLICATION_ID, 1, 1, TestIds.phone().e164(), "m" + authyId + "@example.com", true,
                        false, authenticator)));
    }

    @Test
    void theUsersExistingAppVerifiesAtOnceAndEachStepOnce() {
        long authyId = TestIds.authyId();
        byte[] seed = new byte[20];
        new SecureRandom().nextBytes(seed);
        imported(authyId, seed, 8, "SHA256");

        // back to back, as a client calls right after the import: no wait for the projection in the test
        String token = new Totp(HmacAlgorithm.SHA256, 8, Duration.ofSeconds(30)).generate(seed, Instant.now());
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + token + "/" + authyId)
                .then().statusCode(200).body("message", equalTo("Token is valid."))
                .body("device.os_type", equalTo("authenticator_app"));
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + token + "/" + authyId)
                .then().statusCode(401).body("error_code", equalTo("60019"));
        // the platform's 6-digit SHA1 code of the same seed is not what this app shows
        String platformDefault = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30)).generate(seed, Instant.now());
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + platformDefault + "/" + authyId)
                .then().statusCode(401);
    }

    @Test
    void aSeedMadeHereIsNotReplacedByALaterImport() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APPLICATION_ID, 1, TestIds.phone().e164(), true);
        given().header("X-Authy-API-Key", KEY).when().post("/protected/json/users/" + authyId + "/secret").then().statusCode(200);
        AuthenticatorSecret before = QuarkusTransaction.requiringNew()
                .call(() -> AuthenticatorSecret.findById(authyId));

        byte[] seed = new byte[20];
        new SecureRandom().nextBytes(seed);
        ImportedAuthenticator authenticator = new ImportedAuthenticator(
                cipher.seal(seed, ImportedAuthenticator.sealingContext(authyId, 2)), 6, 30, "SHA1");
        TestEvents.publish(Topics.USERS, String.valueOf(authyId), Event.of(UserChanged.TYPE_UPSERTED, UserChanged.SCHEMA_VERSION,
                new UserChanged(authyId, APPLICATION_ID, 2, 1, TestIds.phone().e164(), "m@example.com", true, false,
                        authenticator)));
        String token = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30)).generate(seed, Instant.now());
        // the change is applied (revision 2 reaches the projection) but the seed made here stays
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UserProjection.<UserProjection> findById(authyId).revision) == 2);
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + token + "/" + authyId)
                .then().statusCode(401);
        assertEquals(before.seedSealed, QuarkusTransaction.requiringNew()
                .call(() -> AuthenticatorSecret.<AuthenticatorSecret> findById(authyId).seedSealed));
    }
}
