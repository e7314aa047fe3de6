package io.latchkey.token.limits;

import java.time.Duration;
import java.time.Instant;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Every "at most N per window" limit of token-service (table {@code window_counter}): sends and device
 * registrations per user, phone-verification starts and failed checks per number, messages per destination.
 * A counter is a key, a count and the end of its fixed window. Taking one is a single conditional upsert in
 * the caller's transaction: parallel requests cannot slip past a limit, a refusal counts nothing, and the
 * upsert holds the key's row lock until commit (so requests on one key run one at a time).
 */
@ApplicationScoped
public class WindowCounters {

    @Inject
    EntityManager entityManager;

    /** Counts one more against {@code key}; false (and nothing counted) when it already has {@code max} in its window. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryTake(String key, int max, Duration window) {
        Instant now = Instant.now();
        return entityManager.createNativeQuery("""
                insert into window_counter (counter_key, counted, window_ends_at) values (?1, 1, ?3)
                on conflict (counter_key) do update set
                  counted = case when window_counter.window_ends_at <= ?2 then 1 else window_counter.counted + 1 end,
                  window_ends_at = case when window_counter.window_ends_at <= ?2 then ?3 else window_counter.window_ends_at end
                where window_counter.window_ends_at <= ?2 or window_counter.counted < ?4""")
                .setParameter(1, key)
                .setParameter(2, now)
                .setParameter(3, now.plus(window))
                .setParameter(4, max)
                .executeUpdate() == 1;
    }

    /** Gives one back, e.g. a reserved check that turned out correct. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void giveBack(String key) {
        entityManager.createNativeQuery("update window_counter set counted = greatest(counted - 1, 0) where counter_key = ?1")
                .setParameter(1, key)
                .executeUpdate();
    }

    /** True when {@code key} has {@code max} or more in a window that is still running. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean exhausted(String key, int max) {
        return ((Number) entityManager.createNativeQuery("""
                select count(*) from window_counter where counter_key = ?1 and window_ends_at > ?2 and counted >= ?3""")
                .setParameter(1, key)
                .setParameter(2, Instant.now())
                .setParameter(3, max)
                .getSingleResult()).longValue() > 0;
    }

    /** Windows that ended are of no use, and keys hold phone numbers: they go as soon as their window is over. */
    @Scheduled(every = "10m", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void purgeEnded() {
        purgeEnded(Instant.now());
    }

    /** @return the counters deleted */
    @Transactional
    public int purgeEnded(Instant now) {
        return entityManager.createNativeQuery("delete from window_counter where window_ends_at <= ?1")
                .setParameter(1, now)
                .executeUpdate();
    }
}
