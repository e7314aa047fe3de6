package io.latchkey.events.consumer;

import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * What every Latchkey consumer does with a record before and after its own effect, in one place:
 * parse the envelope, refuse a schema version newer than the consumer knows, skip an event it has
 * already applied (Kafka and the outbox are at-least-once), and record the event id and the
 * record's offset in the same transaction as the effect. The offset is what
 * {@link ProjectionCatchUp} waits for, so that a 200 from one service is seen by the next call to
 * another (read your writes).
 * <p>
 * A record that cannot be applied throws; the channel's {@code dead-letter-queue} failure strategy
 * then parks it, and the partition counts as applied past it so that waiters are not held up.
 */
@ApplicationScoped
public class IncomingEvents {

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    ConsumerPositions positions;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * Parses {@code record} and, the first time {@code consumer} sees the event, applies {@code effect}
     * to it, all in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <P> void apply(String consumer, ConsumerRecord<String, String> record, Class<P> payloadType,
            int knownSchemaVersion, Consumer<Event<P>> effect) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long next = record.offset() + 1;
        transactions.registerInterposedSynchronization(new AppliedAfterCompletion(positions, consumer, partition, next));
        Event<P> event = read(record.value(), payloadType, knownSchemaVersion);
        positions.store(consumer, partition, next);
        if (processedEvents.firstDelivery(consumer, event.id())) {
            effect.accept(event);
        }
    }

    /**
     * For consumers that de-duplicate by their own means and call out between transactions (the
     * notifier's delivery log): the envelope, checked against the newest schema version this code knows.
     */
    public static <P> Event<P> read(String json, Class<P> payloadType, int knownSchemaVersion) {
        Event<P> event = EventJson.read(json, payloadType);
        if (event.schemaVersion() > knownSchemaVersion) {
            throw new EventJson.MalformedEventException(payloadType.getSimpleName() + " schema " + event.schemaVersion()
                    + " is newer than " + knownSchemaVersion + ", which this service knows", null);
        }
        return event;
    }

    /**
     * Committed: the effect is visible. Rolled back: the record goes to the dead-letter topic (the
     * failure strategy), so this consumer is past it as well; either way waiters may go on.
     */
    private record AppliedAfterCompletion(ConsumerPositions positions, String consumer, TopicPartition partition,
            long nextOffset) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED || status == Status.STATUS_ROLLEDBACK) {
                positions.applied(consumer, partition, nextOffset);
            }
        }
    }
}
