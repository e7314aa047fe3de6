package io.latchkey.user.user;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.latchkey.user.user.UsersApiTest.authy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What a consumer does with a record it cannot apply, on the real broker and database: a malformed
 * record goes to the dead-letter topic at once; an effect that keeps failing for a reason that is
 * not transient (here a database error injected by a trigger) is retried, then, with
 * {@code defect-attempts} set (5 in tests; production retries it without end), dead-lettered; the
 * admin API lists both without their payloads and replays one, which takes effect once the cause is gone.
 */
@QuarkusTest
class ConsumerFailuresTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;

    @AfterEach
    void removeInjectedFailure() throws SQLException {
        execute("drop trigger if exists injected_failure on processed_event");
    }

    @Test
    void aMalformedRecordIsDeadLetteredListedAndReplayed() {
        String key = "malformed-" + UUID.randomUUID();
        String phone = TestIds.phone().e164();
        TestEvents.publishRaw(Topics.DEVICES, key, "{\"not\": \"an event\", \"phone\": \"" + phone + "\"");

        Map<String, Object> letter = awaitLetters("devices.dead-letter", key, 1).get(0);
        assertEquals("devices", letter.get("original_topic"));
        assertTrue(((String) letter.get("reason")).startsWith("not a DeviceChanged event"), letter.toString());
        assertFalse(letter.toString().contains(phone), "a letter never shows its payload: " + letter);
        assertEquals(false, letter.get("replayed"));

        asAdmin().when().post("/admin/dead-letters/" + letter.get("id") + "/replay")
                .then().statusCode(200)
                .body("replayed_to", startsWith("devices/"))
                .body("replayed_by", equalTo("admin"))
                .body("dead_letter.id", equalTo(letter.get("id")));
        // still not an event: the consumer parks the replayed copy again, and the first one shows it was replayed
        List<Map<String, Object>> letters = awaitLetters("devices.dead-letter", key, 2);
        assertTrue(letters.stream().anyMatch(l -> l.get("id").equals(letter.get("id")) && Boolean.TRUE.equals(l.get("replayed"))));
    }

    @Test
    void aDefectIsRetriedThenDeadLetteredAndTakesEffectWhenReplayedAfterTheFix() throws SQLException {
        long id = UsersApiTest.create("defect@example.com", TestIds.phone().dashed(), "1");
        long applicationId = QuarkusTransaction.requiringNew().call(() -> User.<User> findById(id).applicationId);
        // raise_exception (P0001) is no transient failure: retried a few times, then parked
        execute("""
                create or replace function injected_failure() returns trigger language plpgsql as $$
                begin
                  if new.consumer = 'user-service-verifications' then
                    raise exception 'injected defect';
                  end if;
                  return new;
                end $$""");
        execute("create trigger injected_failure before insert on processed_event for each row execute function injected_failure()");

        TestEvents.publish(Topics.VERIFICATIONS, String.valueOf(id), Event.of(VerificationChecked.TYPE,
                VerificationChecked.SCHEMA_VERSION, new VerificationChecked(id, applicationId,
                        VerificationChecked.Outcome.VALID, VerificationChecked.Method.SMS)));
        Map<String, Object> letter = awaitLetters("verifications.dead-letter", String.valueOf(id), 1).get(0);
        assertTrue(((String) letter.get("reason")).startsWith("failed 5 times"), letter.toString());
        assertNotNull(letter.get("event_id"));
        authy().when().get("/protected/json/users/" + id + "/status").then().statusCode(200)
                .body("status.registered", equalTo(false));

        execute("drop trigger injected_failure on processed_event");
        asAdmin().when().post("/admin/dead-letters/" + letter.get("id") + "/replay").then().statusCode(200);
        // status catches up on verifications: the replayed record counts on the very next call
        authy().when().get("/protected/json/users/" + id + "/status").then().statusCode(200)
                .body("status.registered", equalTo(true));
    }

    @Test
    void listingIsForAdminsAndNamesUnknownPlaces() {
        authy().when().get("/admin/dead-letters").then().statusCode(401);
        asAdmin().when().get("/admin/dead-letters?topic=users").then().statusCode(404)
                .body("success", equalTo(false)).body("message", containsString("dead-letter topic"));
        asAdmin().when().post("/admin/dead-letters/users.dead-letter/0/999999/replay").then().statusCode(404)
                .body("error_code", equalTo("60000"));
        asAdmin().when().get("/admin/dead-letters?limit=0").then().statusCode(400).body("error_code", equalTo("60004"));
    }

    /** Polls the admin API: the consumer puts a letter on the topic in its own time. */
    private static List<Map<String, Object>> awaitLetters(String topic, String key, int count) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> asAdmin()
                .when().get("/admin/dead-letters?topic=" + topic + "&limit=500")
                .then().statusCode(200).extract().jsonPath().<Map<String, Object>> getList("dead_letters")
                .stream().filter(l -> key.equals(l.get("key"))).toList(), letters -> letters.size() >= count);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
