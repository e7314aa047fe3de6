package io.latchkey.notifier.guard;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Fixed-window counters in PostgreSQL, shared by every instance of the service. */
@ApplicationScoped
public class RateCounters {

    @Inject
    EntityManager entityManager;

    /**
     * Counts one message for {@code subject} in the current window unless the window already holds
     * {@code limit}. One statement: the upsert only increments while under the limit, and PostgreSQL
     * locks the counter row, so two concurrent requests can never both take the last slot.
     *
     * @return true when the message is within the limit (and was counted)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryCount(String scope, String subject, int limit, Duration window, Instant now) {
        if (limit <= 0) {
            return true;
        }
        long windowMillis = window.toMillis();
        Instant windowStart = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), windowMillis));
        return !entityManager.createNativeQuery("""
                insert into delivery_rate_counter (scope, subject, window_start, sent) values (?1, ?2, ?3, 1)
                on conflict (scope, subject, window_start)
                do update set sent = delivery_rate_counter.sent + 1 where delivery_rate_counter.sent < ?4
                returning sent""")
                .setParameter(1, scope)
                .setParameter(2, subject)
                .setParameter(3, OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC))
                .setParameter(4, limit)
                .getResultList()
                .isEmpty();
    }

    /** Drops windows that ended before {@code cutoff}. */
    @Transactional
    public int purgeBefore(Instant cutoff) {
        return entityManager.createNativeQuery("delete from delivery_rate_counter where window_start < ?1")
                .setParameter(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .executeUpdate();
    }
}
