package io.latchkey.events.consumer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.latchkey.events.jdbc.TransactionJdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Makes a consumer idempotent: call {@link #firstDeliveries} in the transaction that applies the
 * event's effect. The event id is recorded with the effect, so a redelivered event (Kafka is
 * at-least-once, and so is the outbox relay) is recognised and skipped.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager entityManager;

    /**
     * Records {@code eventIds} as seen by {@code consumer}, in one statement whatever their number.
     *
     * @return those it sees for the first time (an id twice in the list is in it once: its first record applies it)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstDeliveries(String consumer, List<UUID> eventIds) {
        return TransactionJdbc.call(entityManager, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into processed_event (consumer, event_id, processed_at)
                    select ?, event_id, now() from unnest(?) as event_id
                    on conflict do nothing returning event_id""")) {
                insert.setString(1, consumer);
                insert.setArray(2, connection.createArrayOf("uuid", eventIds.toArray()));
                Set<UUID> first = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        first.add(rows.getObject(1, UUID.class));
                    }
                }
                return first;
            }
        });
    }
}
