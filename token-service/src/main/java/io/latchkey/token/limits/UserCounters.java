package io.latchkey.token.limits;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.token.config.OtpPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Per-user counters in fixed windows (table {@code user_counter}). Every operation is one SQL
 * statement or runs under the row's lock, never read-then-write without one, so that parallel
 * requests cannot slip past a limit.
 */
@ApplicationScoped
public class UserCounters {

    /** Counters with a simple "at most N per window" rule; the enum names the table's columns. */
    public enum Limit {
        SEND("send_count", "send_window_started_at"),
        REGISTRATION("registration_count", "registration_window_started_at");

        private final String countColumn;
        private final String windowColumn;

        Limit(String countColumn, String windowColumn) {
            this.countColumn = countColumn;
            this.windowColumn = windowColumn;
        }
    }

    /** Where a user's verification lockout stands, read under the row lock. */
    public record Attempts(int failedInWindow, boolean locked) {
    }

    static final String LOCK_NOT_AVAILABLE = "55P03";

    @Inject
    EntityManager entityManager;

    @Inject
    OtpPolicy policy;

    /**
     * Counts one more event against {@code limit}; false (and nothing counted) when the user already
     * had {@code max} in the current window. One conditional upsert: race-free without a lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryTake(Limit limit, long authyId, int max, Duration window) {
        Instant now = Instant.now();
        String count = limit.countColumn;
        String started = limit.windowColumn;
        String expired = "user_counter." + started + " is null or user_counter." + started + " <= ?3";
        int updated = entityManager.createNativeQuery(
                "insert into user_counter (authy_id, " + count + ", " + started + ") values (?1, 1, ?2) "
                        + "on conflict (authy_id) do update set "
                        + count + " = case when " + expired + " then 1 else user_counter." + count + " + 1 end, "
                        + started + " = case when " + expired + " then ?2 else user_counter." + started + " end "
                        + "where " + expired + " or user_counter." + count + " < ?4")
                .setParameter(1, authyId)
                .setParameter(2, now)
                .setParameter(3, now.minus(window))
                .setParameter(4, max)
                .executeUpdate();
        return updated == 1;
    }

    /**
     * Counts one more phone-verification start for a number (table {@code phone_send_counter}); false
     * when the number already had {@code max} in the current window. One conditional upsert.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryTakePhoneStart(long applicationId, String phoneE164, int max, Duration window) {
        return tryTakePerPhone("phone_send_counter", "send_count", applicationId, phoneE164, max, window);
    }

    /**
     * Reserves one phone-verification check for a number (table {@code phone_check_counter}) before the
     * code is compared; false when {@code max} checks already failed in the current window. One
     * conditional upsert, so parallel guesses cannot exceed the budget; a correct check gives its
     * reservation back ({@link #releasePhoneCheck}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryTakePhoneCheck(long applicationId, String phoneE164, int max, Duration window) {
        return tryTakePerPhone("phone_check_counter", "failed_count", applicationId, phoneE164, max, window);
    }

    /** The windowed conditional upsert both per-number counters use; table and column names are constants of this class. */
    private boolean tryTakePerPhone(String table, String count, long applicationId, String phoneE164, int max,
            Duration window) {
        Instant now = Instant.now();
        String expired = table + ".window_started_at <= ?4";
        int updated = entityManager.createNativeQuery(
                "insert into " + table + " (application_id, phone_e164, " + count + ", window_started_at) "
                        + "values (?1, ?2, 1, ?3) "
                        + "on conflict (application_id, phone_e164) do update set "
                        + count + " = case when " + expired + " then 1 else " + table + "." + count + " + 1 end, "
                        + "window_started_at = case when " + expired + " then ?3 else " + table + ".window_started_at end "
                        + "where " + expired + " or " + table + "." + count + " < ?5")
                .setParameter(1, applicationId)
                .setParameter(2, phoneE164)
                .setParameter(3, now)
                .setParameter(4, now.minus(window))
                .setParameter(5, max)
                .executeUpdate();
        return updated == 1;
    }

    /** A check that was correct (or never compared) does not count as failed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void releasePhoneCheck(long applicationId, String phoneE164) {
        entityManager.createNativeQuery("""
                update phone_check_counter set failed_count = greatest(failed_count - 1, 0)
                where application_id = ?1 and phone_e164 = ?2""")
                .setParameter(1, applicationId)
                .setParameter(2, phoneE164)
                .executeUpdate();
    }

    /** True when the number has used up its failed checks in the current window (starts are refused then too). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean phoneChecksExhausted(long applicationId, String phoneE164, int max, Duration window) {
        return ((Number) entityManager.createNativeQuery("""
                select count(*) from phone_check_counter
                where application_id = ?1 and phone_e164 = ?2 and window_started_at > ?3 and failed_count >= ?4""")
                .setParameter(1, applicationId)
                .setParameter(2, phoneE164)
                .setParameter(3, Instant.now().minus(window))
                .setParameter(4, max)
                .getSingleResult()).longValue() > 0;
    }

    /**
     * Takes the user's counter row lock until the transaction ends ({@code select … for update}) and
     * reads the lockout state: every verification of one user runs after the previous one committed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Attempts lockForVerification(long authyId, Duration failureWindow) {
        Instant now = Instant.now();
        Object[] row = (Object[]) lockUserRow(authyId, """
                select case when failed_window_started_at is not null and failed_window_started_at > ?2
                            then failed_count else 0 end,
                       locked_until is not null and locked_until > ?3
                from user_counter where authy_id = ?1 for update""", now.minus(failureWindow), now);
        return new Attempts(((Number) row[0]).intValue(), (Boolean) row[1]);
    }

    /**
     * Takes the user's counter row lock until the transaction ends, for writes that must not run in
     * parallel for one user (e.g. replacing the authenticator secret).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockUser(long authyId) {
        lockUserRow(authyId, "select authy_id from user_counter where authy_id = ?1 for update");
    }

    /**
     * Creates the row if needed and runs {@code lockingSelect} (parameter 1 = authy_id). A request
     * waits at most {@code latchkey.otp.lock-timeout} for the lock, so that a pile-up on one user
     * does not hold pooled connections: past it, 429/60003 (PostgreSQL SQLState 55P03).
     */
    private Object lockUserRow(long authyId, String lockingSelect, Object... more) {
        entityManager.createNativeQuery("insert into user_counter (authy_id) values (?1) on conflict do nothing")
                .setParameter(1, authyId)
                .executeUpdate();
        // SET does not take bind parameters; the value is a number from typed configuration
        entityManager.createNativeQuery("set local lock_timeout = '" + Math.max(1, policy.lockTimeout().toMillis()) + "ms'")
                .executeUpdate();
        var query = entityManager.createNativeQuery(lockingSelect).setParameter(1, authyId);
        for (int i = 0; i < more.length; i++) {
            query.setParameter(i + 2, more[i]);
        }
        try {
            return query.getSingleResult();
        } catch (RuntimeException e) {
            if (isLockTimeout(e)) {
                throw AuthyException.tooManyRequests();
            }
            throw e;
        }
    }

    /** A lock wait that ran out: SQLState 55P03 anywhere in the cause chain (Hibernate wraps it in various ways). */
    static boolean isLockTimeout(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
            if (cause instanceof jakarta.persistence.LockTimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Records a failed verification (caller holds the row lock from {@link #lockForVerification});
     * the failure that reaches {@code maxFailures} locks verification for {@code lockout}.
     *
     * @return true when this failure started a lockout
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean recordFailure(long authyId, Attempts before, int maxFailures, Duration lockout) {
        Instant now = Instant.now();
        int failed = before.failedInWindow() + 1;
        if (failed >= maxFailures) {
            entityManager.createNativeQuery("""
                    update user_counter set failed_count = 0, failed_window_started_at = null, locked_until = ?2
                    where authy_id = ?1""")
                    .setParameter(1, authyId)
                    .setParameter(2, now.plus(lockout))
                    .executeUpdate();
            return true;
        }
        if (before.failedInWindow() == 0) {
            entityManager.createNativeQuery(
                    "update user_counter set failed_count = 1, failed_window_started_at = ?2 where authy_id = ?1")
                    .setParameter(1, authyId)
                    .setParameter(2, now)
                    .executeUpdate();
        } else {
            entityManager.createNativeQuery("update user_counter set failed_count = ?2 where authy_id = ?1")
                    .setParameter(1, authyId)
                    .setParameter(2, failed)
                    .executeUpdate();
        }
        return false;
    }

    /** A successful verification clears the failures counted so far. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSuccess(long authyId) {
        entityManager.createNativeQuery(
                "update user_counter set failed_count = 0, failed_window_started_at = null where authy_id = ?1")
                .setParameter(1, authyId)
                .executeUpdate();
    }
}
