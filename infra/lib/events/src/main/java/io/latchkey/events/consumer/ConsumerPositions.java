package io.latchkey.events.consumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.common.TopicPartition;

import io.latchkey.events.jdbc.TransactionJdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * How far each consumer has applied each partition: the offset after the last record whose effect
 * is committed. Kept in {@code consumer_offset} (same transaction as the effect, shared by every
 * instance of the service) and in memory (so a waiter in the instance that owns the partition is
 * woken the moment the effect commits, without polling the database).
 */
@ApplicationScoped
public class ConsumerPositions {

    /** How often a waiter looks at the database, for partitions another instance of the service consumes. */
    private static final long DATABASE_POLL_MILLIS = 25;

    record Key(String consumer, TopicPartition partition) {
    }

    private final Map<Key, Long> applied = new ConcurrentHashMap<>();
    private final Object changed = new Object();

    @Inject
    EntityManager entityManager;

    @Inject
    DataSource dataSource;

    /** Records, in the caller's transaction, that {@code consumer} has applied everything before {@code nextOffset}. */
    @Transactional(Transactional.TxType.MANDATORY)
    void store(String consumer, TopicPartition partition, long nextOffset) {
        TransactionJdbc.call(entityManager, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into consumer_offset (consumer, topic, partition, next_offset, updated_at) values (?, ?, ?, ?, now())
                    on conflict (consumer, topic, partition)
                    do update set next_offset = greatest(consumer_offset.next_offset, excluded.next_offset), updated_at = now()""")) {
                upsert.setString(1, consumer);
                upsert.setString(2, partition.topic());
                upsert.setInt(3, partition.partition());
                upsert.setLong(4, nextOffset);
                return upsert.executeUpdate();
            }
        });
    }

    /** After the commit of {@link #store} (or when a record was handed to the dead-letter topic): wakes the waiters. */
    void applied(String consumer, TopicPartition partition, long nextOffset) {
        synchronized (changed) {
            applied.merge(new Key(consumer, partition), nextOffset, Math::max);
            changed.notifyAll();
        }
    }

    /**
     * Waits until {@code consumer} has applied {@code partition} up to {@code endOffset}, or the deadline.
     *
     * @return true when it has
     */
    public boolean awaitApplied(String consumer, TopicPartition partition, long endOffset, long deadlineNanos)
            throws InterruptedException {
        Key key = new Key(consumer, partition);
        // the database only once this instance's own consumer had a moment: usually it owns the partition
        long nextDatabaseLook = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DATABASE_POLL_MILLIS);
        while (true) {
            if (applied.getOrDefault(key, -1L) >= endOffset) {
                return true;
            }
            long now = System.nanoTime();
            if (now - nextDatabaseLook >= 0) {
                long stored = stored(key);
                if (stored >= endOffset) {
                    applied.merge(key, stored, Math::max);
                    return true;
                }
                nextDatabaseLook = now + TimeUnit.MILLISECONDS.toNanos(DATABASE_POLL_MILLIS);
            }
            long remaining = deadlineNanos - now;
            if (remaining <= 0) {
                return false;
            }
            long waitNanos = Math.min(remaining, Math.max(1, nextDatabaseLook - now));
            synchronized (changed) {
                // looked at again under the monitor: an apply between the first look and here is not missed
                if (applied.getOrDefault(key, -1L) >= endOffset) {
                    return true;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, waitNanos);
            }
        }
    }

    /** The offset {@code consumer} has applied {@code partition} up to, as far as this instance knows (-1: nothing yet). */
    public long appliedUpTo(String consumer, TopicPartition partition) {
        Key key = new Key(consumer, partition);
        return Math.max(applied.getOrDefault(key, -1L), stored(key));
    }

    private long stored(Key key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select next_offset from consumer_offset where consumer = ? and topic = ? and partition = ?")) {
            query.setString(1, key.consumer());
            query.setString(2, key.partition().topic());
            query.setInt(3, key.partition().partition());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1; // the database is not answering: the in-memory position is all this instance knows
        }
    }
}
