package io.latchkey.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.latchkey.events.outbox.OutboxJanitor;
import io.latchkey.events.outbox.OutboxMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Sent rows (payloads may hold codes and numbers) and old processed ids do not pile up. */
@QuarkusTest
class OutboxHousekeepingTest {

    @Inject
    OutboxJanitor janitor;

    @Inject
    EntityManager entityManager;

    @Test
    void sentRowsAndOldProcessedIdsArePurgedPendingRowsStay() {
        Instant now = Instant.now();
        UUID oldSent = row(now.minus(Duration.ofHours(2)));
        UUID recentSent = row(now.minus(Duration.ofMinutes(5)));
        UUID oldProcessed = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "insert into processed_event (consumer, event_id, processed_at) values ('test', ?1, ?2)")
                .setParameter(1, oldProcessed).setParameter(2, now.minus(Duration.ofDays(15))).executeUpdate());

        janitor.purge(now);

        assertEquals(0, count("select count(*) from outbox_message where event_id = ?1", oldSent));
        assertEquals(1, count("select count(*) from outbox_message where event_id = ?1", recentSent));
        assertEquals(0, count("select count(*) from processed_event where event_id = ?1", oldProcessed));
    }

    private UUID row(Instant sentAt) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            OutboxMessage message = new OutboxMessage();
            message.eventId = id;
            message.topic = "test.housekeeping";
            message.messageKey = "k";
            message.eventType = "test";
            message.payload = "{}";
            message.createdAt = sentAt;
            message.sentAt = sentAt;
            message.persist();
        });
        return id;
    }

    private long count(String sql, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, id).getSingleResult()).longValue());
    }
}
