package io.latchkey.events.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * Writes events into the caller's transaction; they are sent after the commit. Either the change and its event
 * are both stored, or neither is. A row is written claimed for this instance when nothing holds it up (the broker
 * and its topic are there, no earlier row of its key waits), and the committing thread hands it to the producer
 * right after the commit; any other row is left to {@link OutboxRelay} (docs/events.md "Outbox"). Rows
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
    OutboxSender sender;

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
        AfterCommit rows = rowsOfThisTransaction();
        String payload = EventJson.write(event);
        long id;
        if (sender.sendsAtCommit(topic, rows.atCommit().size())) {
            id = insertClaimed(topic, key, event, payload, rows);
        } else {
            id = insert(topic, key, event, payload);
        }
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
    private long insert(String topic, String key, Event<?> event, String payload) {
        return TransactionJdbc.call(entityManager, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into outbox_message (event_id, topic, message_key, event_type, payload, created_at, attempts)
                    values (?, ?, ?, ?, ?, ?, 0) returning id""")) {
                bindRow(insert, topic, key, event, payload);
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    /**
     * The same insert, claimed for this instance unless an earlier row of its key is still unsent (other than this
     * transaction's own claimed rows, which go out before it): then it is left unclaimed, for the relay to send in
     * its key's order. A claimed row joins the rows the committing thread sends.
     */
    private long insertClaimed(String topic, String key, Event<?> event, String payload, AfterCommit rows) {
        Instant until = sender.claimedUntil();
        return TransactionJdbc.call(entityManager, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into outbox_message (event_id, topic, message_key, event_type, payload, created_at, attempts,
                      claimed_by, claimed_until)
                    select ?, ?, ?, ?, ?, ?, 0, case when behind then null else ? end, case when behind then null else ? end
                    from (select exists (select 1 from outbox_message e
                      where e.topic = ? and e.message_key = ? and e.sent_at is null and e.parked_at is null
                        and e.id <> all(?)) as behind) earlier
                    returning id, claimed_by is not null""")) {
                bindRow(insert, topic, key, event, payload);
                insert.setString(7, sender.commitClaim());
                insert.setObject(8, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
                insert.setString(9, topic);
                insert.setString(10, key);
                insert.setArray(11, connection.createArrayOf("bigint",
                        rows.atCommit().stream().map(OutboxSender.Claimed::id).toArray()));
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    long id = row.getLong(1);
                    if (row.getBoolean(2)) {
                        rows.atCommit().add(new OutboxSender.Claimed(id, event.id(), topic, key, event.type(), payload, 0));
                    }
                    return id;
                }
            }
        });
    }

    /** The first six parameters of both inserts: the row's columns. */
    private static void bindRow(PreparedStatement insert, String topic, String key, Event<?> event, String payload)
            throws SQLException {
        insert.setObject(1, event.id());
        insert.setString(2, topic);
        insert.setString(3, key);
        insert.setString(4, event.type());
        insert.setString(5, payload);
        insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
    }

    private AfterCommit rowsOfThisTransaction() {
        AfterCommit rows = (AfterCommit) transactions.getResource(ROWS_OF_TRANSACTION);
        if (rows == null) {
            boolean inRequest = Arc.container().requestContext().isActive();
            rows = new AfterCommit(relay, sender, acks, inRequest ? publishedInRequest : null, new ArrayList<>(),
                    new ArrayList<>());
            transactions.putResource(ROWS_OF_TRANSACTION, rows);
            transactions.registerInterposedSynchronization(rows);
        }
        return rows;
    }

    /**
     * This transaction's rows: all of them ({@code rows}), and those it claimed for the committing thread to send
     * ({@code atCommit}); the others are the relay's.
     */
    private record AfterCommit(OutboxRelay relay, OutboxSender sender, OutboxAcks acks, PublishedInRequest request,
            List<PublishedInRequest.Row> rows, List<OutboxSender.Claimed> atCommit)
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
                if (!atCommit.isEmpty()) {
                    sender.handOver(atCommit);
                }
                if (atCommit.size() < rows.size()) {
                    relay.wakeUp();
                }
            } else if (request != null) {
                acks.forget(rows.stream().map(PublishedInRequest.Row::id).toList());
            }
        }
    }
}
