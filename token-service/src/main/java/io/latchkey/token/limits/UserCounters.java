package io.latchkey.token.limits;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.jdbc.TransactionJdbc;
import io.latchkey.token.config.OtpPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * A user's verification lockout (table {@code user_counter}) and the row lock that serialises one user's
 * verifications. Every operation runs under the row's lock, never read-then-write without one, so that
 * parallel requests cannot slip past the threshold. Plain "at most N per window" limits are {@link WindowCounters}.
 */
@ApplicationScoped
public class UserCounters {

    /** Where a user's verification lockout stands, read under the row lock. */
    public record Attempts(int failedInWindow, boolean locked) {
    }

    static final String LOCK_NOT_AVAILABLE = "55P03";

    @Inject
    EntityManager entityManager;

    @Inject
    OtpPolicy policy;

    /**
     * Takes the user's counter row lock until the transaction ends ({@code select … for update}) and
     * reads the lockout state: every verification of one user runs after the previous one committed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Attempts lockForVerification(long authyId, Duration failureWindow) {
        Instant now = Instant.now();
        return lockUserRow(authyId, """
                select case when failed_window_started_at is not null and failed_window_started_at > ?
                            then failed_count else 0 end,
                       locked_until is not null and locked_until > ?
                from user_counter where authy_id = ? for update""", (select, first) -> {
            select.setObject(first, OffsetDateTime.ofInstant(now.minus(failureWindow), ZoneOffset.UTC));
            select.setObject(first + 1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            select.setLong(first + 2, authyId);
        }, row -> new Attempts(row.getInt(1), row.getBoolean(2)));
    }

    /**
     * Takes the user's counter row lock until the transaction ends, for writes that must not run in
     * parallel for one user (e.g. replacing the authenticator secret).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockUser(long authyId) {
        lockUserRow(authyId, "select authy_id from user_counter where authy_id = ? for update",
                (select, first) -> select.setLong(first, authyId), row -> row.getLong(1));
    }

    /** Binds the locking select's parameters, which follow the statements before it ({@code first} is the first). */
    private interface Parameters {
        void bind(PreparedStatement statement, int first) throws SQLException;
    }

    private interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * Creates the row if needed and runs {@code lockingSelect}. A request waits at most
     * {@code latchkey.otp.lock-timeout} for the lock, so that a pile-up on one user does not hold pooled
     * connections: past it, 429/60003 (PostgreSQL SQLState 55P03). The three statements go to the database in one
     * round trip on the transaction's connection: they run on every verification, where three Hibernate native
     * queries were an eighth of token-service's CPU (docs/performance.md).
     */
    private <T> T lockUserRow(long authyId, String lockingSelect, Parameters parameters, Row<T> reader) {
        // SET does not take bind parameters; the value is a number from typed configuration
        String statements = "insert into user_counter (authy_id) values (?) on conflict do nothing; "
                + "set local lock_timeout = '" + Math.max(1, policy.lockTimeout().toMillis()) + "ms'; " + lockingSelect;
        try {
            return TransactionJdbc.call(entityManager, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(statements)) {
                    statement.setLong(1, authyId);
                    parameters.bind(statement, 2);
                    boolean resultSet = statement.execute();
                    while (!resultSet && statement.getUpdateCount() != -1) {
                        resultSet = statement.getMoreResults(); // past the insert's and the SET's counts
                    }
                    try (ResultSet row = statement.getResultSet()) {
                        row.next();
                        return reader.read(row);
                    }
                }
            });
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

    /** Where a user's lockout stands, for operators: read without the row lock (a snapshot). */
    public record Lockout(int failedInWindow, Instant lockedUntil) {
    }

    @Transactional
    public Lockout lockout(long authyId, Duration failureWindow) {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select case when failed_window_started_at is not null and failed_window_started_at > ?2
                            then failed_count else 0 end,
                       case when locked_until > ?3 then locked_until end
                from user_counter where authy_id = ?1""")
                .setParameter(1, authyId)
                .setParameter(2, now.minus(failureWindow))
                .setParameter(3, now)
                .getResultList();
        if (rows.isEmpty()) {
            return new Lockout(0, null);
        }
        Object lockedUntil = rows.getFirst()[1];
        return new Lockout(((Number) rows.getFirst()[0]).intValue(), lockedUntil == null ? null
                : lockedUntil instanceof OffsetDateTime at ? at.toInstant() : (Instant) lockedUntil);
    }

    /** An operator lifts a lockout: failures and lock cleared, under the row lock like any verification. */
    @Transactional
    public void reset(long authyId) {
        lockUser(authyId);
        entityManager.createNativeQuery("""
                update user_counter set failed_count = 0, failed_window_started_at = null, locked_until = null
                where authy_id = ?1""")
                .setParameter(1, authyId)
                .executeUpdate();
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
