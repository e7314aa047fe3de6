package io.latchkey.notifier.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.deliveries.DeliveryStatusChanged;
import io.latchkey.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/**
 * Event in (deliveries.requested on the real broker) -> delivery row + local outbox line -> status
 * event out through the outbox -> read back over HTTP by an operator.
 */
@QuarkusTest
class DeliveryRoundTripTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path OUTBOX = Path.of("target/test-outbox.jsonl");

    @Test
    @TestSecurity(user = "ops", roles = "latchkey-admin")
    void requestedDeliveryIsSentOnceEvenWhenRedelivered() throws IOException {
        UUID deliveryId = UUID.randomUUID();
        Event<DeliveryRequested> request = Event.of(DeliveryRequested.TYPE, DeliveryRequested.SCHEMA_VERSION,
                new DeliveryRequested(deliveryId, 7, 1001L, Channel.SMS, "+15551234502", "en", Kind.OTP, "1234567", null));
        TestEvents.publish(Topics.DELIVERIES_REQUESTED, "1001", request);
        TestEvents.publish(Topics.DELIVERIES_REQUESTED, "1001", request);

        Event<DeliveryStatusChanged> status = TestEvents.await(Topics.DELIVERIES_STATUS, DeliveryStatusChanged.class,
                event -> event.payload().deliveryId().equals(deliveryId), TIMEOUT);
        assertEquals(DeliveryStatusChanged.Status.SENT, status.payload().status());
        assertEquals("local", status.payload().provider());

        // the duplicate follows the original on the same partition; once a later request is through, both were handled
        UUID marker = UUID.randomUUID();
        TestEvents.publish(Topics.DELIVERIES_REQUESTED, "1001", Event.of(DeliveryRequested.TYPE, 1,
                new DeliveryRequested(marker, 7, 1001L, Channel.VOICE, "+15551234502", "en", Kind.OTP, "7654321", null)));
        TestEvents.await(Topics.DELIVERIES_STATUS, DeliveryStatusChanged.class,
                event -> event.payload().deliveryId().equals(marker), TIMEOUT);

        List<String> lines = Files.readAllLines(OUTBOX).stream().filter(line -> line.contains(deliveryId.toString())).toList();
        assertEquals(1, lines.size(), "one message for one delivery id");
        String line = lines.get(0);
        assertEquals(true, line.contains("\"to\":\"+15551234502\"") && line.contains("Your verification code is 1234567"), line);
        assertEquals(1, TestEvents.recordsWithKey(Topics.DELIVERIES_STATUS, "1001", Duration.ofSeconds(2)).stream()
                .filter(record -> record.value().contains(deliveryId.toString())).count(), "one status event");

        given().when().get("/admin/deliveries/" + deliveryId)
                .then().statusCode(200)
                .body("status", equalTo("sent"))
                .body("channel", equalTo("sms"))
                .body("destination", equalTo("+1********02"));
    }

    @Test
    void malformedRequestsGoToTheDeadLetterTopic() {
        TestEvents.publishRaw(Topics.DELIVERIES_REQUESTED, "9", "{not json");
        ConsumerRecord<String, String> dead = TestEvents.awaitRecordWithKey("deliveries.requested.dead-letter", "9", TIMEOUT);
        assertEquals("{not json", dead.value());
    }

    @Test
    @TestSecurity(user = "ops", roles = "latchkey-admin")
    void unknownDeliveryIsAnAuthyNotFound() {
        given().when().get("/admin/deliveries/not-a-uuid").then().statusCode(404).body("success", equalTo(false));
        given().when().get("/admin/deliveries/" + UUID.randomUUID()).then().statusCode(404);
    }
}
