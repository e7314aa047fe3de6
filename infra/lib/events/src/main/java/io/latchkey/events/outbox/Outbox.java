package io.latchkey.events.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.EventPayload;
import io.latchkey.events.jdbc.TransactionJdbc;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

    @Inject
    EntityManager entityManager;

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
        long id = insert(topic, key, event);
        AfterCommit rows = rowsOfThisTransaction();
        rows.rows().add(new PublishedInRequest.Row(id, topic, key));
        if (rows.request() != null) {
            // registered before the commit, so that no acknowledgement can come before anyone listens for it
            acks.expect(id);
        }
    }

    /**
     * One {@code insert ... returning id} on the transaction's connection: every write call of the platform makes
     * one, and an entity persist cost several times the statement in Hibernate's bookkeeping (docs/performance.md).
     */
    private long insert(String topic, String key, Event<?> event) {
        String payload = EventJson.write(event);
        return TransactionJdbc.call(entityManager, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into outbox_message (event_id, topic, message_key, event_type, payload, created_at, attempts)
                    values (?, ?, ?, ?, ?, ?, 0) returning id""")) {
                insert.setObject(1, event.id());
                insert.setString(2, topic);
                insert.setString(3, key);
                insert.setString(4, event.type());
                insert.setString(5, payload);
                insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
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
