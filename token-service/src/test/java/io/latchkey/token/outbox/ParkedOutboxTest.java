package io.latchkey.token.outbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.outbox.OutboxMessage;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/** A parked outbox row is listed without its payload and, replayed, reaches the broker. */
@QuarkusTest
class ParkedOutboxTest {

    @Test
    @TestSecurity(user = "operator", roles = OperatorRoles.ADMIN, augmentors = OperatorRoles.class)
    void aParkedRowIsListedAndSentOnceReplayed() {
        long authyId = TestIds.authyId();
        Event<VerificationChecked> event = Event.of(VerificationChecked.TYPE, VerificationChecked.SCHEMA_VERSION,
                new VerificationChecked(authyId, TestIds.applicationId(), VerificationChecked.Outcome.INVALID,
                        VerificationChecked.Method.SMS));
        long id = TestFixtures.parkedOutboxRow(event, Topics.VERIFICATIONS, String.valueOf(authyId));

        given().when().get("/admin/outbox/token-service/parked").then().statusCode(200)
                .body("service", equalTo("token-service"))
                .body("parked.id", hasItem((int) id))
                .body("parked.find { it.id == " + id + " }.last_error", equalTo("org.apache.kafka.common.errors.RecordTooLargeException"))
                .body("parked.find { it.id == " + id + " }.payload", equalTo(null));
        given().when().get("/admin/outbox/user-service/parked").then().statusCode(404).body("success", equalTo(false));

        given().when().post("/admin/outbox/token-service/parked/" + id + "/replay").then().statusCode(200)
                .body("event_id", equalTo(event.id().toString()));
        TestEvents.await(Topics.VERIFICATIONS, VerificationChecked.class, sent -> sent.id().equals(event.id()), TestFixtures.TIMEOUT);
        await().atMost(TestFixtures.TIMEOUT).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> OutboxMessage.<OutboxMessage> findById(id).sentAt != null));
        given().when().get("/admin/outbox/token-service/parked").then().body("parked.id", not(hasItem((int) id)));
        given().when().post("/admin/outbox/token-service/parked/" + id + "/replay").then().statusCode(404);
    }

    @Test
    void onlyForAdministrators() {
        given().when().get("/admin/outbox/token-service/parked").then().statusCode(401);
    }
}
