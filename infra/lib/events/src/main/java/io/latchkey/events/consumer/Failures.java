package io.latchkey.events.consumer;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;

/** Sorts a failed effect: will the same event succeed later, when the database or the broker is back? */
public final class Failures {

    /**
     * SQLSTATE classes and codes that say "not now" rather than "never": connection exceptions (08),
     * transaction rollback (40: serialization failure, deadlock), insufficient resources (53), operator
     * intervention (57: admin shutdown, crash recovery, query cancelled by a timeout), system errors
     * (58), lock not available (55P03) and a read-only transaction (25006: a failover in progress).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "25006");

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof RetriableException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                // no state: the pool could not hand out a connection (acquisition timeout, server unreachable)
                if (state == null || state.length() < 2 || TRANSIENT_STATES.contains(state)
                        || TRANSIENT_CLASSES.contains(state.substring(0, 2))) {
                    return true;
                }
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return false;
    }
}
