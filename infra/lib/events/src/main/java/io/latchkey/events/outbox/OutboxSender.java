package io.latchkey.events.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.latchkey.events.TopicsInitializer;
import io.latchkey.events.broker.BrokerStatus;
import io.latchkey.events.jdbc.TransactionJdbc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Sends outbox rows to Kafka and marks each one sent once the broker acknowledged it. Nothing waits
 * for the broker while holding a transaction or a lock (docs/events.md "Outbox"):
 * <ol>
 * <li>a claim, one short transaction serialised across instances by a transaction-scoped advisory
 * lock, marks the next due rows as this instance's for {@link OutboxConfig#claimTimeout()};</li>
 * <li>the rows are handed to the producer and the run ends; acknowledgements and failures arrive on
 * the producer's threads;</li>
 * <li>the next run records them, in its own claim's transaction before the claim: sent, or due again
 * after a backoff, or parked when Kafka refused the row for good.</li>
 * </ol>
 * A row the broker does not take (its partition has no leader, too few replicas, the broker is gone,
 * its topic does not exist) therefore holds up only the later rows of its own key, which wait so that a key's events stay in
 * order; every other row goes on. Delivery is at-least-once (a crash between the ack and its record
 * sends a row again), which is why consumers de-duplicate on event id.
 * <p>
 * Most rows skip the claim: their own transaction writes them claimed ({@link Outbox}) and the committing thread
 * hands them over ({@link #handOver}); the runs record their answers like any other.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    /** Arbitrary but fixed: "lkoutbox" read as a long. Held only while claiming, never while sending. */
    private static final long CLAIM_LOCK_ID = 0x6c6b_6f75_7462_6f78L;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration ANALYZE_INTERVAL = Duration.ofSeconds(30);

    /** This instance, as named in the claims it makes. */
    private final String instance = UUID.randomUUID().toString();
    private final String commitClaim = instance + "/commit";
    private final Object handOverLock = new Object();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastAnalyze = new AtomicLong();
    /** The last run may have left rows behind because {@link OutboxConfig#maxInFlight()} rows awaited an answer. */
    private volatile boolean waitingForRoom;
    private final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<Failure> failed = new ConcurrentLinkedQueue<>();

    private record Failure(long id, Throwable cause) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    @Channel("latchkey-outbox")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    MutinyEmitter<String> emitter;

    @Inject
    OutboxConfig config;

    @Inject
    OutboxAcks acknowledgements;

    @Inject
    BrokerStatus broker;

    @Inject
    TopicsInitializer topics;

    @Inject
    OutboxRelay relay;

    @Inject
    ExistingTopics existingTopics;

    /**
     * Records what the broker answered since the last run, then sends the next due rows unless the
     * broker is down, its topics are not created yet, or {@link OutboxConfig#maxInFlight()} rows await
     * an answer.
     *
     * @return the number of rows handed to the producer in this run
     */
    public synchronized int relayPending() {
        List<Long> sent = drain(acknowledged);
        List<Failure> failures = drain(failed);
        int room = config.maxInFlight() - inFlight.get();
        // set before the transaction too: an answer arriving during it must already start a full run when full
        waitingForRoom = room <= 0;
        boolean sending = room > 0 && broker.available() && topics.created();
        if (!sending && sent.isEmpty() && failures.isEmpty()) {
            return 0;
        }
        List<Claimed> claimed;
        try {
            // one transaction for both: a commit less between a request's commit and its row's send
            claimed = QuarkusTransaction.requiringNew().call(() -> {
                recordOutcomes(sent, failures);
                return sending ? claim(Math.min(room, config.batchSize()), existingTopics.current()) : List.<Claimed> of();
            });
        } catch (RuntimeException e) {
            // the database is not answering: keep the outcomes for the next run (a lost one only means a resend)
            acknowledged.addAll(sent);
            failed.addAll(failures);
            throw e;
        }
        // full up to the room in flight: rows may be left behind, and the next answer must start a run for them
        waitingForRoom = room <= 0 || claimed.size() >= room;
        handOver(claimed);
        return claimed.size();
    }

    /**
     * Whether a row for {@code topic} written now may be claimed by its own transaction and sent right after its
     * commit ({@link #handOver}): while the relay would send it at once too, and up to a relay run's
     * {@link OutboxConfig#batchSize()} rows a transaction (a large one, such as an import's batch, leaves the rest to
     * the relay). Reads only what this instance knows (no query, no call to the broker), since it runs inside the
     * writing transaction.
     */
    boolean sendsAtCommit(String topic, int claimedByTransaction) {
        return relay.running() && claimedByTransaction < config.batchSize()
                && inFlight.get() + claimedByTransaction < config.maxInFlight() && broker.available() && topics.created()
                && existingTopics.known(topic);
    }

    /**
     * The claim a row written for its commit ({@link #sendsAtCommit}) carries. Not this instance's relay claim: a
     * later row of the same key that goes the relay's way waits until this one is recorded sent, however the
     * hand-overs of the committing thread and of the relay interleave.
     */
    String commitClaim() {
        return commitClaim;
    }

    Instant claimedUntil() {
        return Instant.now().plus(config.claimTimeout());
    }

    /**
     * Hands claimed rows to the producer: those of a relay run, and those their own transaction claimed
     * ({@link Outbox}), right after it committed. For the latter there is no claim transaction of the relay, and no
     * wait for the disk to flush one, between a commit and its send.
     */
    void handOver(List<Claimed> rows) {
        // one hand-over at a time: the relay's run and the committing threads share one emitter
        synchronized (handOverLock) {
            for (Claimed message : rows) {
                inFlight.incrementAndGet();
                long id = message.id();
                acknowledgements.sending(id);
                send(message).whenComplete((ignored, failure) -> answered(id, failure));
            }
        }
    }

    private void answered(long id, Throwable failure) {
        if (failure == null) {
            // the answer a request waits for (read your writes) goes out now, not after the next run
            acknowledgements.acknowledged(id);
            acknowledged.add(id);
        } else {
            acknowledgements.notSent(id);
            failed.add(new Failure(id, failure));
        }
        inFlight.decrementAndGet();
        if (failure == null && !waitingForRoom) {
            relay.recordSoon();
        } else {
            relay.wakeUp(); // a failure to record, or rows that wait for this answer's room in flight
        }
    }

    /** Rows sent and not yet answered by the broker. */
    public int inFlight() {
        return inFlight.get();
    }

    /** A row this instance claimed: what the producer needs of it. */
    record Claimed(long id, UUID eventId, String topic, String key, String eventType, String payload, int attempts) {
    }

    /** Whether a claim that found a backlog analyzes the table: at most every {@link #ANALYZE_INTERVAL}. */
    private boolean analyzeDue() {
        long now = System.nanoTime();
        long last = lastAnalyze.get();
        return (last == 0 || now - last > ANALYZE_INTERVAL.toNanos()) && lastAnalyze.compareAndSet(last, now);
    }

    /**
     * Claims the next due rows in id order, skipping rows another instance has claimed, rows waiting for a
     * retry, and later rows of a key that has one of those (a key's events go out in order). Plain JDBC on the
     * transaction's connection: the relay runs for every few events, and Hibernate's native-query and entity
     * bookkeeping cost more than the statements (docs/performance.md).
     */
    private List<Claimed> claim(int limit, Set<String> existing) {
        Instant now = Instant.now();
        Instant until = now.plus(config.claimTimeout());
        List<Claimed> due = TransactionJdbc.call(entityManager, connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, CLAIM_LOCK_ID);
                lock.executeQuery().close();
            }
            try (PreparedStatement claim = connection.prepareStatement("""
                    update outbox_message set claimed_by = ?, claimed_until = ?
                    where id in (
                      select m.id from outbox_message m
                      where m.sent_at is null and m.parked_at is null
                        and (m.claimed_until is null or m.claimed_until < now())
                        and (m.next_attempt_at is null or m.next_attempt_at <= now())
                        and not exists (
                          select 1 from outbox_message e
                          where e.topic = m.topic and e.message_key = m.message_key and e.id < m.id
                            and e.sent_at is null and e.parked_at is null
                            and ((e.claimed_until >= now() and e.claimed_by <> ?) or e.next_attempt_at > now()))
                      order by m.id limit ?)
                    returning id, event_id, topic, message_key, event_type, payload, attempts""")) {
                claim.setString(1, instance);
                claim.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
                claim.setString(3, instance);
                claim.setInt(4, limit);
                List<Claimed> rows = new ArrayList<>();
                try (ResultSet row = claim.executeQuery()) {
                    while (row.next()) {
                        rows.add(new Claimed(row.getLong(1), row.getObject(2, UUID.class), row.getString(3), row.getString(4),
                                row.getString(5), row.getString(6), row.getInt(7)));
                    }
                }
                // an update returns its rows in no particular order; a key's rows must be sent in id order
                rows.sort(Comparator.comparingLong(Claimed::id));
                if (rows.size() == limit && analyzeDue()) {
                    // a backlog (a migration import, the broker back after an outage) fills the table faster than
                    // autovacuum analyzes it; with the statistics of a nearly empty table PostgreSQL checks each
                    // candidate's earlier rows by reading every pending row: 5.8 s for a claim of 500 among 100 000
                    // pending, 1 ms after an ANALYZE (docs/performance.md)
                    try (PreparedStatement analyze = connection.prepareStatement("analyze outbox_message")) {
                        analyze.execute();
                    }
                }
                return rows;
            }
        });
        List<Claimed> claimed = new ArrayList<>(due.size());
        for (Claimed message : due) {
            if (existing.contains(message.topic())) {
                claimed.add(message);
                continue;
            }
            // not handed to the producer, whose send would block on the missing metadata
            existingTopics.missed();
            TransactionJdbc.call(entityManager, connection -> {
                try (PreparedStatement later = connection.prepareStatement("""
                        update outbox_message set claimed_by = null, claimed_until = null, attempts = attempts + 1,
                          last_error = ?, next_attempt_at = ? where id = ?""")) {
                    later.setString(1, "topic " + message.topic() + " does not exist");
                    later.setObject(2, OffsetDateTime.ofInstant(now.plus(backoff(message.attempts() + 1)), ZoneOffset.UTC));
                    later.setLong(3, message.id());
                    return later.executeUpdate();
                }
            });
        }
        return claimed;
    }

    /** What the producer reported since the last run, in the run's transaction. */
    private void recordOutcomes(List<Long> sent, List<Failure> failures) {
        if (!sent.isEmpty()) {
            TransactionJdbc.call(entityManager, connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "update outbox_message set sent_at = ?, claimed_by = null, claimed_until = null where id = any(?)")) {
                    update.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                    update.setArray(2, connection.createArrayOf("bigint", sent.toArray()));
                    return update.executeUpdate();
                }
            });
        }
        for (Failure failure : failures) {
            recordFailure(failure);
        }
        if (!failures.isEmpty()) {
            entityManager.flush(); // before the claim's statements, which Hibernate does not know to flush for
        }
    }

    private void recordFailure(Failure failure) {
        OutboxMessage message = OutboxMessage.findById(failure.id());
        if (message == null || message.sentAt != null) {
            return;
        }
        Throwable cause = failure.cause();
        message.attempts++;
        message.lastError = truncate(String.valueOf(cause));
        message.claimedBy = null;
        message.claimedUntil = null;
        if (refusedForGood(cause)) {
            message.parkedAt = Instant.now();
            acknowledgements.refused(message.id);
            LOG.errorf("outbox row %d (%s to %s) refused by Kafka for good, parked: %s", message.id, message.eventType,
                    message.topic, String.valueOf(cause));
            return;
        }
        Duration backoff = backoff(message.attempts);
        message.nextAttemptAt = Instant.now().plus(backoff);
        LOG.warnf("outbox row %d (%s to %s) not acknowledged (attempt %d), next attempt in %d ms: %s", message.id,
                message.eventType, message.topic, message.attempts, backoff.toMillis(), String.valueOf(cause));
    }

    /** 100 ms, doubled per failed attempt, at most 30 s. */
    static Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 20);
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private java.util.concurrent.CompletableFuture<Void> send(Claimed message) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(message.topic())
                .withKey(message.key())
                .withHeaders(new RecordHeaders()
                        .add("event-type", message.eventType().getBytes(StandardCharsets.UTF_8))
                        .add("event-id", message.eventId().toString().getBytes(StandardCharsets.UTF_8)))
                .build();
        try {
            return emitter.sendMessage(Message.of(message.payload()).addMetadata(metadata)).subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e); // e.g. the emitter's buffer is full
        }
    }

    /** Kafka said no and will say no again (record too large, topic or ACL refused): retrying cannot help. */
    static boolean refusedForGood(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException) {
                return false;
            }
            if (cause instanceof ApiException) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> drain(Queue<T> queue) {
        List<T> items = new ArrayList<>();
        for (T item = queue.poll(); item != null; item = queue.poll()) {
            items.add(item);
        }
        return items;
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
