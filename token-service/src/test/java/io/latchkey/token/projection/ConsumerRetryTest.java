package io.latchkey.token.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * An API-key rotation and a user removal that arrive while token-service's database fails (every
 * consumer transaction ends in a serialization failure, SQLSTATE 40001, raised by an injected
 * trigger) are retried, not dead-lettered, and take effect once the database works again.
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
        execute("drop trigger if exists injected_failure on consumer_offset");
    }

    @Test
    void aKeyRotationAndAUserRemovalDuringADatabaseFailureTakeEffectAfterRecovery() throws SQLException {
        TestFixtures.application(APPLICATION_ID, "Retry app", OLD_KEY);
        TestFixtures.user(OLD_KEY, AUTHY_ID, APPLICATION_ID, 1, PHONE, true);

        execute("""
                create or replace function injected_failure() returns trigger language plpgsql as $$
                begin
                  raise exception 'injected failure' using errcode = '40001';
                end $$""");
        execute("create trigger injected_failure before insert or update on consumer_offset "
                + "for each row execute function injected_failure()");
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

        execute("drop trigger injected_failure on consumer_offset");
        // recovery runs on the consumer's backoff, not on a client's call: wait for it, then check both effects
        await().atMost(TestFixtures.TIMEOUT).until(() -> incoming.retrying().isEmpty());
        authenticates(NEW_KEY, 400);
        authenticates(OLD_KEY, 401);
        given().header("X-Authy-API-Key", NEW_KEY).when().get("/protected/json/users/" + AUTHY_ID + "/devices")
                .then().statusCode(404);
    }

    /** 400: the key authenticated and the missing parameters are what is wrong; 401: it did not. */
    private static void authenticates(String apiKey, int expectedStatus) {
        given().header("X-Authy-API-Key", apiKey).when().get("/protected/json/phones/verification/check")
                .then().statusCode(expectedStatus);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
