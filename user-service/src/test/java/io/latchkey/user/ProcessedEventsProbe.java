package io.latchkey.user;

import java.util.UUID;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

/** Whether this service's consumer has recorded an event (its {@code processed_event} row), for tests that wait on it. */
public final class ProcessedEventsProbe {

    private ProcessedEventsProbe() {
    }

    public static boolean processed(EntityManager entityManager, UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from processed_event where event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).intValue() == 1);
    }
}
