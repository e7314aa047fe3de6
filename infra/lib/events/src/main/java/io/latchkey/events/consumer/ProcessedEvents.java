package io.latchkey.events.consumer;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Makes a consumer idempotent: call {@link #firstDelivery} in the transaction that applies the
 * event's effect. The event id is recorded with the effect, so a redelivered event (Kafka is
 * at-least-once, and so is the outbox relay) is recognised and skipped.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager entityManager;

    /** @return true the first time {@code consumer} sees {@code eventId}; false for a repeat */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        int inserted = entityManager.createNativeQuery("""
                insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, now())
                on conflict do nothing""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate();
        return inserted == 1;
    }
}
