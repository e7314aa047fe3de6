package io.latchkey.events.outbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.latchkey.events.broker.BrokerStatus;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Lets an answer wait until the broker has acknowledged the events its request wrote (the write half
 * of read your writes, docs/consistency.md). Outbox rows written in a request are expected before
 * their transaction commits; {@link OutboxSender} reports each acknowledgement. When another
 * instance of the service sent a row, its acknowledgement is seen in the database. While the broker
 * is down ({@link BrokerStatus}) nothing waits: the answer goes out and the rows follow.
 */
@ApplicationScoped
public class OutboxAcks {

    private static final Logger LOG = Logger.getLogger(OutboxAcks.class);
    private static final long DATABASE_POLL_MILLIS = 50;

    private final Map<Long, CompletableFuture<Void>> expected = new ConcurrentHashMap<>();
    /** Rows this instance's producer has and has not answered for yet: their answer comes here, not in the database. */
    private final Set<Long> sendingHere = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> groupsAwaited = new ConcurrentHashMap<>();
    private volatile Timer ackWaitTimer;

    @Inject
    OutboxConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @Inject
    PublishedInRequest publishedInRequest;

    @Inject
    ProjectionCatchUp catchUp;

    @Inject
    BrokerStatus broker;

    void expect(long row) {
        expected.putIfAbsent(row, new CompletableFuture<>());
    }

    void forget(Collection<Long> rows) {
        rows.forEach(expected::remove);
        rows.forEach(sendingHere::remove);
    }

    /** This instance handed the row to its producer: {@link #acknowledged} or {@link #notSent} follows. */
    void sending(long row) {
        if (expected.containsKey(row)) {
            sendingHere.add(row);
        }
    }

    /** The producer failed the row; it is due again, maybe at another instance: waiters look in the database again. */
    void notSent(long row) {
        sendingHere.remove(row);
    }

    void acknowledged(long row) {
        sendingHere.remove(row);
        CompletableFuture<Void> ack = expected.remove(row);
        if (ack != null) {
            ack.complete(null);
        }
    }

    /** Kafka refused the row for good (it is parked): nobody should wait for it. */
    void refused(long row) {
        sendingHere.remove(row);
        CompletableFuture<Void> ack = expected.remove(row);
        if (ack != null) {
            ack.completeExceptionally(new IllegalStateException("outbox row " + row + " parked"));
        }
    }

    /**
     * {@link #await} for the rows committed so far while serving the current request (none outside of
     * one); then, for topics whose readers a writer waits for ({@link #groupsAwaitedOn}), until those
     * consumer groups have consumed the rows' partitions.
     */
    public void awaitPublishedInThisRequest() {
        if (!Arc.container().requestContext().isActive()) {
            return;
        }
        List<PublishedInRequest.Row> rows = publishedInRequest.rows();
        if (rows.isEmpty() || !await(rows.stream().map(PublishedInRequest.Row::id).toList())) {
            return;
        }
        rows.stream()
                .filter(row -> !groupsAwaitedOn(row.topic()).isEmpty())
                .map(row -> Map.entry(row.topic(), row.key()))
                .distinct()
                .forEach(written -> catchUp.awaitReaders(written.getKey(), written.getValue(),
                        groupsAwaitedOn(written.getKey()), config.readersWait()));
    }

    /**
     * {@code latchkey.writers-await.<topic>}: the consumer groups that an answer which wrote to
     * {@code topic} waits for. Set for state that every call reads (the applications, behind every API
     * key), so that the readers need no broker round trip of their own; empty for every other topic.
     */
    private List<String> groupsAwaitedOn(String topic) {
        return groupsAwaited.computeIfAbsent(topic, name -> ConfigProvider.getConfig()
                .getOptionalValues("latchkey.writers-await." + name, String.class).orElse(List.of()));
    }

    /**
     * Waits until every row is on the broker, at most {@link OutboxConfig#ackWait()}. Past that the
     * rows stay committed and go out when the broker takes them; the caller answers anyway.
     *
     * @return true when all were acknowledged in time
     */
    public boolean await(List<Long> rows) {
        if (rows.isEmpty()) {
            return true;
        }
        if (!broker.available()) {
            skipped(rows);
            return false;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Long row : rows) {
            acks.add(expected.getOrDefault(row, CompletableFuture.completedFuture(null)));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
        long started = System.nanoTime();
        long deadline = started + config.ackWait().toNanos();
        try {
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    metrics.counter("latchkey.outbox.ack.wait.timeouts").increment();
                    LOG.warnf("%d outbox rows not acknowledged within %s; answering, they go out when the broker takes them",
                            rows.size(), config.ackWait());
                    return false;
                }
                try {
                    all.get(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(DATABASE_POLL_MILLIS)), TimeUnit.NANOSECONDS);
                    return true;
                } catch (TimeoutException e) {
                    // only rows that another instance may have sent: a look per waiter every 50 ms for rows
                    // this instance is sending would load the database most when it is already busy
                    List<Long> elsewhere = new ArrayList<>();
                    List<CompletableFuture<Void>> theirAcks = new ArrayList<>();
                    for (int i = 0; i < rows.size(); i++) {
                        if (!acks.get(i).isDone() && !sendingHere.contains(rows.get(i))) {
                            elsewhere.add(rows.get(i));
                            theirAcks.add(acks.get(i));
                        }
                    }
                    if (!elsewhere.isEmpty() && allSentPerDatabase(elsewhere)) {
                        theirAcks.forEach(ack -> ack.complete(null));
                    }
                } catch (ExecutionException e) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            forget(rows);
            // how long answers wait for the broker (docs/performance.md): the price of read your writes
            ackWait().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Timer ackWait() {
        Timer timer = ackWaitTimer;
        if (timer == null) {
            timer = Timer.builder("latchkey.outbox.ack.wait")
                    .description("time an answer waited for the broker's acknowledgement of the events it wrote")
                    .publishPercentiles(0.5, 0.99)
                    .register(metrics);
            ackWaitTimer = timer;
        }
        return timer;
    }

    /**
     * For answers written outside a request's scope (the import streams its answer after the resource
     * returned): waits until every outbox row written so far, by anyone, is on the broker (or parked),
     * at most {@link OutboxConfig#ackWait()}.
     *
     * @return true when they all were in time
     */
    public boolean awaitEverythingWrittenSoFar() {
        if (!broker.available()) {
            metrics.counter("latchkey.outbox.ack.wait.skipped").increment();
            return false;
        }
        long deadline = System.nanoTime() + config.ackWait().toNanos();
        try (var connection = dataSource.getConnection()) {
            long upTo;
            try (var newest = connection.prepareStatement("select coalesce(max(id), 0) from outbox_message");
                    var result = newest.executeQuery()) {
                upTo = result.next() ? result.getLong(1) : 0;
            }
            try (var pending = connection.prepareStatement(
                    "select exists (select 1 from outbox_message where id <= ? and sent_at is null and parked_at is null)")) {
                pending.setLong(1, upTo);
                while (true) {
                    try (var result = pending.executeQuery()) {
                        if (result.next() && !result.getBoolean(1)) {
                            return true;
                        }
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        metrics.counter("latchkey.outbox.ack.wait.timeouts").increment();
                        return false;
                    }
                    Thread.sleep(DATABASE_POLL_MILLIS);
                }
            }
        } catch (java.sql.SQLException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The broker is down (degraded service): the answer goes out now and the rows when the broker is back. */
    private void skipped(List<Long> rows) {
        forget(rows);
        metrics.counter("latchkey.outbox.ack.wait.skipped").increment();
    }

    private boolean allSentPerDatabase(List<Long> rows) {
        try (var connection = dataSource.getConnection();
                var query = connection.prepareStatement(
                        "select count(*) from outbox_message where id = any(?) and sent_at is null")) {
            query.setArray(1, connection.createArrayOf("bigint", rows.toArray()));
            try (var result = query.executeQuery()) {
                return result.next() && result.getLong(1) == 0;
            }
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
