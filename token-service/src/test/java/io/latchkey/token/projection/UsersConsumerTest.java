package io.latchkey.token.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.Topics;
import io.latchkey.events.users.UserChanged;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.projection.users.UsersProjectionConsumer;
import io.latchkey.testkit.TestEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The users projection: a repeated event and an older revision change nothing; a removal hides the user. */
@QuarkusTest
class UsersConsumerTest {

    @Inject
    UsersProjectionConsumer consumer;

    @Test
    void idempotentAndRevisionChecked() {
        Event<UserChanged> second = event(2, "+17754615652", false, UserChanged.TYPE_UPSERTED);
        consumer.onUserEvent(record(second));
        consumer.onUserEvent(record(event(1, "+17754615651", false, UserChanged.TYPE_UPSERTED)));
        assertEquals("+17754615652", phone(), "an older revision is ignored");

        Event<UserChanged> third = event(3, "+17754615653", false, UserChanged.TYPE_UPSERTED);
        consumer.onUserEvent(record(third));
        // the same event id again, even dressed as a newer revision, is recognised as a repeat
        Event<UserChanged> replay = new Event<>(third.id(), third.type(), third.occurredAt(), third.schemaVersion(),
                new UserChanged(120001, 1201, 9, 1, "+17754615659", "x@example.com", false, false));
        consumer.onUserEvent(record(replay));
        assertEquals("+17754615653", phone());

        consumer.onUserEvent(record(event(4, "+17754615653", true, UserChanged.TYPE_REMOVED)));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> UserProjection.findInApplication(1201, "120001").isEmpty()));
    }

    @Test
    void aMalformedMessageGoesToTheDeadLetterTopic() {
        TestEvents.publishRaw(Topics.USERS, "malformed-120099", "{not an event");
        TestEvents.awaitRecordWithKey("users.dead-letter", "malformed-120099", Duration.ofSeconds(30));
    }

    private long offset;

    /** On a topic of its own, so that these hand-made offsets never pass for progress on the real users topic. */
    private ConsumerRecord<String, String> record(Event<UserChanged> event) {
        return new ConsumerRecord<>("users.direct-test", 0, offset++, "120001", EventJson.write(event));
    }

    private static String phone() {
        return QuarkusTransaction.requiringNew().call(() -> UserProjection.<UserProjection> findById(120001L).phoneE164);
    }

    private static Event<UserChanged> event(long revision, String phone, boolean deleted, String type) {
        return new Event<>(UUID.randomUUID(), type, Instant.now(), UserChanged.SCHEMA_VERSION,
                new UserChanged(120001, 1201, revision, 1, phone, "u@example.com", true, deleted));
    }
}
