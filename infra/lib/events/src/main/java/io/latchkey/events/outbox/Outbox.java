package io.latchkey.events.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.EventPayload;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Writes events into the caller's transaction; {@link OutboxRelay} sends them after commit. Either
 * the change and its event are both stored, or neither is. Rows
 * written while serving an HTTP request are handed to {@link PublishedInRequest}, so that the
 * answer waits until the broker has them (docs/consistency.md).
 */
@ApplicationScoped
public class Outbox {

    private static final Object ROWS_OF_TRANSACTION = new Object();

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxAcks acks;

    @Inject
    PublishedInRequest publishedInRequest;

    /** Publishes the payload on its topic under its key (docs/event-catalogue.md), in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(EventPayload payload) {
        publish(payload.topic(), payload.key(), Event.of(payload));
    }

    /**
     * The same payload on another topic: a copy set aside for people, such as a delivery that failed for good
     * on its dead-letter topic.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishTo(String topic, EventPayload payload) {
        publish(topic, payload.key(), Event.of(payload));
    }

    /** An envelope built by the caller (tests of the outbox itself); services publish payloads. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, String key, Event<?> event) {
        OutboxMessage message = new OutboxMessage();
        message.eventId = event.id();
        message.topic = topic;
        message.messageKey = key;
        message.eventType = event.type();
        message.payload = EventJson.write(event);
        message.createdAt = Instant.now();
        message.persist();
        AfterCommit rows = rowsOfThisTransaction();
        rows.rows().add(new PublishedInRequest.Row(message.id, topic, key));
        if (rows.request() != null) {
            // registered before the commit, so that no acknowledgement can come before anyone listens for it
            acks.expect(message.id);
        }
    }

    private AfterCommit rowsOfThisTransaction() {
        AfterCommit rows = (AfterCommit) transactions.getResource(ROWS_OF_TRANSACTION);
        if (rows == null) {
            boolean inRequest = Arc.container().requestContext().isActive();
            rows = new AfterCommit(relay, acks, inRequest ? publishedInRequest : null, new ArrayList<>());
            transactions.putResource(ROWS_OF_TRANSACTION, rows);
            transactions.registerInterposedSynchronization(rows);
        }
        return rows;
    }

    private record AfterCommit(OutboxRelay relay, OutboxAcks acks, PublishedInRequest request, List<PublishedInRequest.Row> rows)
            implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                if (request != null) {
                    request.add(rows);
                }
                relay.wakeUp();
            } else if (request != null) {
                acks.forget(rows.stream().map(PublishedInRequest.Row::id).toList());
            }
        }
    }
}
