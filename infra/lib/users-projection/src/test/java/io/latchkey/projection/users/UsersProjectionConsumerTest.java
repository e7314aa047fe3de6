package io.latchkey.projection.users;

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
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The users projection: a repeated event and an older revision change nothing; a removal hides the user. */
@QuarkusTest
class UsersProjectionConsumerTest {

    @Inject
    UsersProjectionConsumer consumer;

    private final long authyId = TestIds.authyId();
    private final long applicationId = TestIds.applicationId();

    @Test
    void idempotentAndRevisionChecked() {
        TestIds.Phone first = TestIds.phone();
        TestIds.Phone second = TestIds.phone();
        TestIds.Phone third = TestIds.phone();
        Event<UserChanged> revision2 = event(2, second.e164(), false, UserChanged.TYPE_UPSERTED);
        consumer.onUserEvent(record(revision2));
        consumer.onUserEvent(record(event(1, first.e164(), false, UserChanged.TYPE_UPSERTED)));
        assertEquals(second.e164(), phone(), "an older revision is ignored");

        Event<UserChanged> revision3 = event(3, third.e164(), false, UserChanged.TYPE_UPSERTED);
        consumer.onUserEvent(record(revision3));
        // the same event id again, even dressed as a newer revision, is recognised as a repeat
        Event<UserChanged> replay = new Event<>(revision3.id(), revision3.type(), revision3.occurredAt(),
                revision3.schemaVersion(),
                new UserChanged(authyId, applicationId, 9, 1, TestIds.phone().e164(), "x@example.com", false, false));
        consumer.onUserEvent(record(replay));
        assertEquals(third.e164(), phone());

        consumer.onUserEvent(record(event(4, third.e164(), true, UserChanged.TYPE_REMOVED)));
        assertTrue(QuarkusTransaction.requiringNew()
                .call(() -> UserProjection.findInApplication(applicationId, String.valueOf(authyId)).isEmpty()));
    }

    @Test
    void aMalformedMessageGoesToTheDeadLetterTopic() {
        String key = "malformed-" + TestIds.authyId();
        TestEvents.publishRaw(Topics.USERS, key, "{not an event");
        TestEvents.awaitRecordWithKey("users.dead-letter", key, Duration.ofSeconds(30));
    }

    private long offset;

    /** On a topic of its own, so that these hand-made offsets never pass for progress on the real users topic. */
    private ConsumerRecord<String, String> record(Event<UserChanged> event) {
        return new ConsumerRecord<>("users.direct-test", 0, offset++, String.valueOf(authyId), EventJson.write(event));
    }

    private String phone() {
        return QuarkusTransaction.requiringNew().call(() -> UserProjection.<UserProjection> findById(authyId).phoneE164);
    }

    private Event<UserChanged> event(long revision, String phone, boolean deleted, String type) {
        return new Event<>(UUID.randomUUID(), type, Instant.now(), UserChanged.SCHEMA_VERSION,
                new UserChanged(authyId, applicationId, revision, 1, phone, "u@example.com", true, deleted));
    }
}
