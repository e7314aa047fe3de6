package io.latchkey.token.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.users.UserChanged;
import io.latchkey.projection.applications.ApplicationsConsumer;
import io.latchkey.projection.users.UsersProjectionConsumer;
import io.latchkey.testkit.ConsumerDatabaseFailure;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * An API-key rotation and a user removal that arrive while token-service's database fails (every
 * consumer transaction ends in a serialization failure, SQLSTATE 40001, raised by an injected
 * trigger) are retried, not dead-lettered, and take effect once the database works again. Meanwhile a
 * user created on the broker that the stuck projection cannot confirm is a 503 "try again", never a 404.
 */
@QuarkusTest
class ConsumerRetryTest {

    private static final long APPLICATION_ID = TestIds.applicationId();
    private static final long AUTHY_ID = TestIds.authyId();
    private static final String PHONE = TestIds.phone().e164();
    private static final String OLD_KEY = "retry-old-key-0123456789abcdef0123";
    private static final String NEW_KEY = "retry-new-key-0123456789abcdef0123";

    @Inject
    DataSource dataSource;

    @Inject
    IncomingEvents incoming;

    @AfterEach
    void databaseWorksAgain() throws SQLException {
        ConsumerDatabaseFailure.stop(dataSource);
    }

    @Test
    void aKeyRotationAndAUserRemovalDuringADatabaseFailureTakeEffectAfterRecovery() throws SQLException {
        TestFixtures.application(APPLICATION_ID, "Retry app", OLD_KEY);
        TestFixtures.user(OLD_KEY, AUTHY_ID, APPLICATION_ID, 1, PHONE, true);

        ConsumerDatabaseFailure.start(dataSource);
        TestEvents.publish(Topics.APPLICATIONS, String.valueOf(APPLICATION_ID), Event.of(ApplicationChanged.TYPE_UPSERTED,
                ApplicationChanged.SCHEMA_VERSION, new ApplicationChanged(APPLICATION_ID, 2, "Retry app",
                        ApiKeys.sha256Hex(NEW_KEY), null, 7, true, true, true, true, false, null, "POST", null, List.of(),
                        null, null, false)));
        TestEvents.publish(Topics.USERS, String.valueOf(AUTHY_ID), Event.of(UserChanged.TYPE_REMOVED,
                UserChanged.SCHEMA_VERSION, new UserChanged(AUTHY_ID, APPLICATION_ID, 2, 1, PHONE,
                        "user" + AUTHY_ID + "@example.com", true, true)));

        // both consumers are stuck on their event, retrying; the service goes on answering from what it has
        await().atMost(TestFixtures.TIMEOUT).until(() -> incoming.retrying().keySet()
                .containsAll(List.of(ApplicationsConsumer.CONSUMER, UsersProjectionConsumer.CONSUMER)));
        authenticates(OLD_KEY, 400);
        authenticates(NEW_KEY, 401);
        assertEquals(List.of(), TestEvents.recordsWithKey("applications.dead-letter", String.valueOf(APPLICATION_ID),
                Duration.ofMillis(500)), "a transient failure never dead-letters");
        assertEquals(List.of(), TestEvents.recordsWithKey("users.dead-letter", String.valueOf(AUTHY_ID),
                Duration.ofMillis(500)));

        ConsumerDatabaseFailure.stop(dataSource);
        // recovery runs on the consumer's backoff, not on a client's call: wait for it, then check both effects
        await().atMost(TestFixtures.TIMEOUT).until(() -> incoming.retrying().isEmpty());
        authenticates(NEW_KEY, 400);
        authenticates(OLD_KEY, 401);
        given().header("X-Authy-API-Key", NEW_KEY).when().get("/protected/json/users/" + AUTHY_ID + "/devices")
                .then().statusCode(404);
    }

    @Test
    void aNewUserTheStuckProjectionCannotConfirmIsTryAgainNeverUserNotFound() throws SQLException {
        long applicationId = TestIds.applicationId();
        String apiKey = "stuck-key-0123456789abcdef0123456789";
        long known = TestIds.authyId();
        long created = TestIds.authyId();
        TestFixtures.application(applicationId, "Stuck app", apiKey);
        TestFixtures.user(apiKey, known, applicationId, 1, TestIds.phone().e164(), true);

        ConsumerDatabaseFailure.start(dataSource);
        // on the broker, as user-service's users/new leaves it before answering; the consumer cannot apply it
        TestEvents.publish(Topics.USERS, String.valueOf(created), Event.of(UserChanged.TYPE_UPSERTED,
                UserChanged.SCHEMA_VERSION, new UserChanged(created, applicationId, 1, 1, TestIds.phone().e164(),
                        "user" + created + "@example.com", true, false)));
        await().atMost(TestFixtures.TIMEOUT).until(() -> incoming.retrying().containsKey(UsersProjectionConsumer.CONSUMER));

        // the wait for the new user's partition ends at its bound: a 404 would deny a user that exists
        given().header("X-Authy-API-Key", apiKey).queryParam("force", "true")
                .when().get("/protected/json/sms/" + created)
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body(equalTo("""
                        {"message":"Service unavailable, try again later","success":false,\
                        "errors":{"message":"Service unavailable, try again later"},"error_code":"60000"}"""));
        // a user the projection has is answered from it as it is
        given().header("X-Authy-API-Key", apiKey).queryParam("force", "true")
                .when().get("/protected/json/sms/" + known)
                .then().statusCode(200);

        ConsumerDatabaseFailure.stop(dataSource);
        await().atMost(TestFixtures.TIMEOUT).until(() -> incoming.retrying().isEmpty());
        given().header("X-Authy-API-Key", apiKey).queryParam("force", "true")
                .when().get("/protected/json/sms/" + created)
                .then().statusCode(200);
        // and an id nobody created, with the projection current, is the contract's 404
        given().header("X-Authy-API-Key", apiKey).queryParam("force", "true")
                .when().get("/protected/json/sms/" + TestIds.authyId())
                .then().statusCode(404).body("error_code", equalTo("60026"));
    }

    /** 400: the key authenticated and the missing parameters are what is wrong; 401: it did not. */
    private static void authenticates(String apiKey, int expectedStatus) {
        given().header("X-Authy-API-Key", apiKey).when().get("/protected/json/phones/verification/check")
                .then().statusCode(expectedStatus);
    }
}
