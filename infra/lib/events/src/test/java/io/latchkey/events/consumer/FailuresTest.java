package io.latchkey.events.consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

import io.latchkey.events.EventJson;
import jakarta.persistence.PersistenceException;

/** Which failures a consumer waits out (retries without end) and which it may give up on. */
class FailuresTest {

    @Test
    void databaseOutagesLocksAndConflictsAreTransient() {
        for (String state : new String[] { "08006", "08001", "40001", "40P01", "55P03", "57P01", "57014", "53300", "25006" }) {
            assertTrue(Failures.isTransient(wrapped(new SQLException("x", state))), state);
        }
        // the pool could not hand out a connection: no state at all
        assertTrue(Failures.isTransient(wrapped(new SQLException("Acquisition timeout while waiting for new connection"))));
        assertTrue(Failures.isTransient(new RuntimeException(new NotEnoughReplicasException("x"))));
    }

    @Test
    void defectsAndRefusalsAreNot() {
        for (String state : new String[] { "23505", "P0001", "42P01", "22001" }) {
            assertFalse(Failures.isTransient(wrapped(new SQLException("x", state))), state);
        }
        assertFalse(Failures.isTransient(new NullPointerException()));
        assertFalse(Failures.isTransient(new RecordTooLargeException("x")));
        assertFalse(Failures.isTransient(new EventJson.MalformedEventException("x", null)));
    }

    /** As Hibernate hands a JDBC failure to the consumer. */
    private static RuntimeException wrapped(SQLException failure) {
        return new PersistenceException(new GenericJDBCException("could not execute statement", failure));
    }
}
