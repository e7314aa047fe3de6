package io.latchkey.projection.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.Topics;
import io.latchkey.events.consumer.ConsumerPositions;
import io.latchkey.events.users.UserChanged;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The users projection: a repeated event and an older revision change nothing; a removal hides the user; a poll's
 * records are applied together, and one that cannot be applied falls back to one at a time.
 */
@QuarkusTest
class UsersProjectionConsumerTest {

    /** Each test's records on a partition of their own: progress is per partition. */
    private final String directTopic = "users.direct-test-" + UUID.randomUUID();

    @Inject
    UsersProjectionConsumer consumer;

    @Inject
    ConsumerPositions positions;

    private final long authyId = TestIds.authyId();
    private final long applicationId = TestIds.applicationId();

    @Test
    void idempotentAndRevisionChecked() {
        TestIds.Phone first = TestIds.phone();
        TestIds.Phone second = TestIds.phone();
        TestIds.Phone third = TestIds.phone();
        Event<UserChanged> revision2 = event(2, second.e164(), false, UserChanged.TYPE_UPSERTED);
        consumer.onUserEvents(records(record(revision2)));
        consumer.onUserEvents(records(record(event(1, first.e164(), false, UserChanged.TYPE_UPSERTED))));
        assertEquals(second.e164(), phone(), "an older revision is ignored");

        Event<UserChanged> revision3 = event(3, third.e164(), false, UserChanged.TYPE_UPSERTED);
        consumer.onUserEvents(records(record(revision3)));
        // the same event id again, even dressed as a newer revision, is recognised as a repeat
        Event<UserChanged> replay = new Event<>(revision3.id(), revision3.type(), revision3.occurredAt(),
                revision3.schemaVersion(),
                new UserChanged(authyId, applicationId, 9, 1, TestIds.phone().e164(), "x@example.com", false, false));
        consumer.onUserEvents(records(record(replay)));
        assertEquals(third.e164(), phone());

        consumer.onUserEvents(records(record(event(4, third.e164(), true, UserChanged.TYPE_REMOVED))));
        assertTrue(QuarkusTransaction.requiringNew()
                .call(() -> UserProjection.findInApplication(applicationId, String.valueOf(authyId)).isEmpty()));
    }

    /** The same events as above, handed over in one poll: applied in one transaction, with the same outcome. */
    @Test
    void aPollsRecordsAppliedTogetherAreIdempotentAndRevisionCheckedToo() {
        TestIds.Phone second = TestIds.phone();
        TestIds.Phone third = TestIds.phone();
        Event<UserChanged> revision3 = event(3, third.e164(), false, UserChanged.TYPE_UPSERTED);
        Event<UserChanged> replay = new Event<>(revision3.id(), revision3.type(), revision3.occurredAt(),
                revision3.schemaVersion(),
                new UserChanged(authyId, applicationId, 9, 1, TestIds.phone().e164(), "x@example.com", false, false));
        consumer.onUserEvents(records(record(event(2, second.e164(), false, UserChanged.TYPE_UPSERTED)),
                record(event(1, TestIds.phone().e164(), false, UserChanged.TYPE_UPSERTED)), record(revision3), record(replay)));
        assertEquals(third.e164(), phone());
        assertEquals(offset, positions.appliedUpTo(UsersProjectionConsumer.CONSUMER, new TopicPartition(directTopic, 0)),
                "the progress after the poll's last record");
    }

    /**
     * A record that is not an event, and one whose effect fails for good (a phone too long for its column), do
     * not hold up the records polled with them: the batch falls back to one record at a time, each of the two is
     * dead-lettered (the second after {@code defect-attempts}, 2 here) and the others are applied.
     */
    @Test
    void aPollWithRecordsThatCannotBeAppliedAppliesTheOthersAndDeadLettersThose() {
        TestIds.Phone second = TestIds.phone();
        TestIds.Phone third = TestIds.phone();
        String malformedKey = "malformed-in-poll-" + TestIds.authyId();
        long brokenUser = TestIds.authyId();
        ConsumerRecord<String, String> malformed = new ConsumerRecord<>(directTopic, 0, offset++, malformedKey, "{not an event");
        consumer.onUserEvents(records(record(event(2, second.e164(), false, UserChanged.TYPE_UPSERTED)), malformed,
                record(event(3, third.e164(), false, UserChanged.TYPE_UPSERTED))));
        assertEquals(third.e164(), phone());
        TestEvents.awaitRecordWithKey("users.dead-letter", malformedKey, Duration.ofSeconds(30));

        TestIds.Phone fourth = TestIds.phone();
        Event<UserChanged> tooLong = new Event<>(UUID.randomUUID(), UserChanged.TYPE_UPSERTED, Instant.now(),
                UserChanged.SCHEMA_VERSION, new UserChanged(brokenUser, applicationId, 1, 1, "+1" + "2".repeat(30),
                        "u@example.com", true, false));
        consumer.onUserEvents(records(record(tooLong), record(event(4, fourth.e164(), false, UserChanged.TYPE_UPSERTED))));
        assertEquals(fourth.e164(), phone());
        TestEvents.awaitRecordWithKey("users.dead-letter", String.valueOf(brokenUser), Duration.ofSeconds(30));
        assertEquals(offset, positions.appliedUpTo(UsersProjectionConsumer.CONSUMER, new TopicPartition(directTopic, 0)));
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
        return new ConsumerRecord<>(directTopic, 0, offset++, String.valueOf(event.payload().authyId()),
                EventJson.write(event));
    }

    /** As one poll hands them over. */
    @SafeVarargs
    private final ConsumerRecords<String, String> records(ConsumerRecord<String, String>... records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(directTopic, 0), List.of(records)), Map.of());
    }

    private String phone() {
        return QuarkusTransaction.requiringNew().call(() -> UserProjection.<UserProjection> findById(authyId).phoneE164);
    }

    private Event<UserChanged> event(long revision, String phone, boolean deleted, String type) {
        return new Event<>(UUID.randomUUID(), type, Instant.now(), UserChanged.SCHEMA_VERSION,
                new UserChanged(authyId, applicationId, revision, 1, phone, "u@example.com", true, deleted));
    }
}
