package io.latchkey.events.consumer;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * What every Latchkey consumer does with a record around its own effect, in one place: parse the
 * envelope, refuse a schema version newer than the consumer knows, skip an event it has already
 * applied (Kafka and the outbox are at-least-once), and record the event id and the record's offset
 * in the same transaction as the effect. The offset is what {@link ProjectionCatchUp} waits for, so
 * that a 200 from one service is seen by the next call to another (read your writes).
 * <p>
 * Failures (docs/events.md "Failures"): an effect that fails for a transient reason (database down,
 * lock timeout, serialization failure, broker error) is retried with backoff for as long as the
 * reason lasts, and the partition does not move past the event. Only a record that can never be
 * processed goes to the consumer's dead-letter topic ({@link DeadLetterSender}): one that is not an event
 * or has a schema version this code does not know, at once. An effect that keeps failing for another reason (a
 * defect) is retried too, unless {@link ConsumerRetryConfig#defectAttempts()} is set: then it is
 * dead-lettered after that many attempts. Operators list and replay dead letters through
 * {@code /admin/dead-letters}.
 * <p>
 * Consumers that receive a poll's records at once ({@link #applyAll}) apply them in one transaction: under load a
 * transaction, its progress rows and its commit serve many records instead of one. Any failure in such a batch (a
 * record that is not an event, an effect that throws, the database) rolls it back, and its records go through
 * {@link #apply} one by one, where the rules above decide about each.
 */
@ApplicationScoped
public class IncomingEvents {

    private static final Logger LOG = Logger.getLogger(IncomingEvents.class);

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    ConsumerPositions positions;

    @Inject
    ConsumerRetryConfig retry;

    @Inject
    MeterRegistry metrics;

    @Inject
    DeadLetterSender deadLetters;

    private final Map<String, Instant> retryingSince = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * How a consumer reads a record's event, and what it does with it the first time. An event that does not
     * {@code concern} the consumer (asked in the effect's transaction) only moves its progress on: no effect, and
     * no processed-event row, so the predicate must only say no where the effect would change nothing, now or
     * when the event comes again.
     */
    public record Handling<P>(Class<P> payloadType, int knownSchemaVersion, Predicate<Event<P>> concerns,
            Consumer<Event<P>> effect) {

        /** Every event concerns the consumer. */
        public Handling(Class<P> payloadType, int knownSchemaVersion, Consumer<Event<P>> effect) {
            this(payloadType, knownSchemaVersion, event -> true, effect);
        }

        Parsed<P> parse(ConsumerRecord<String, String> record) {
            return new Parsed<>(this, read(record.value(), payloadType, knownSchemaVersion));
        }
    }

    private record Parsed<P>(Handling<P> handling, Event<P> event) {

        boolean concernsConsumer() {
            return handling.concerns().test(event);
        }

        void applyEffect() {
            handling.effect().accept(event);
        }
    }

    /**
     * The records of one poll, each of one payload type: see {@link #applyAll(String, ConsumerRecords, Function)}.
     */
    public <P> void applyAll(String consumer, ConsumerRecords<String, String> records, Class<P> payloadType,
            int knownSchemaVersion, Consumer<Event<P>> effect) {
        Handling<P> handling = new Handling<>(payloadType, knownSchemaVersion, effect);
        applyAll(consumer, records, record -> handling);
    }

    /**
     * The records of one poll in one transaction, with the consumer's progress on each of their partitions; when
     * that fails, each record on its own through {@link #apply}. {@code handlingOf} says how to read each record
     * (a consumer of several topics reads a payload type per topic).
     */
    public void applyAll(String consumer, ConsumerRecords<String, String> records,
            Function<ConsumerRecord<String, String>, Handling<?>> handlingOf) {
        if (records.count() > 1 && appliedTogether(consumer, records, handlingOf)) {
            return;
        }
        for (ConsumerRecord<String, String> record : records) {
            apply(consumer, record, handlingOf.apply(record));
        }
    }

    private boolean appliedTogether(String consumer, ConsumerRecords<String, String> records,
            Function<ConsumerRecord<String, String>, Handling<?>> handlingOf) {
        List<Parsed<?>> parsed = new ArrayList<>(records.count());
        Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                parsed.add(handlingOf.apply(record).parse(record));
            } catch (EventJson.MalformedEventException e) {
                return false; // dead-lettered on its own, the others applied around it
            }
            nextOffsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                List<Parsed<?>> concerned = parsed.stream().filter(Parsed::concernsConsumer).toList();
                Set<UUID> first = concerned.isEmpty() ? Set.of()
                        : processedEvents.firstDeliveries(consumer, concerned.stream().map(each -> each.event().id()).toList());
                for (Parsed<?> each : concerned) {
                    if (first.remove(each.event().id())) {
                        each.applyEffect();
                    }
                }
                nextOffsets.forEach((partition, next) -> positions.store(consumer, partition, next));
            });
        } catch (RuntimeException e) {
            LOG.debugf("%s: %d records not applied together (%s); one by one now", consumer, parsed.size(), describe(e));
            return false;
        }
        nextOffsets.forEach((partition, next) -> positions.applied(consumer, partition, next));
        return true;
    }

    /**
     * Parses {@code record} and, the first time {@code consumer} sees the event, applies {@code effect}
     * to it in a transaction of its own, together with the consumer's progress; retried as described above.
     */
    public <P> void apply(String consumer, ConsumerRecord<String, String> record, Class<P> payloadType,
            int knownSchemaVersion, Consumer<Event<P>> effect) {
        apply(consumer, record, new Handling<>(payloadType, knownSchemaVersion, effect));
    }

    private <P> void apply(String consumer, ConsumerRecord<String, String> record, Handling<P> handling) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long next = record.offset() + 1;
        try {
            Event<P> event = readForConsumer(consumer, record, handling.payloadType(), handling.knownSchemaVersion());
            retried(consumer, record, () -> QuarkusTransaction.requiringNew().run(() -> {
                positions.store(consumer, partition, next);
                if (handling.concerns().test(event)
                        && !processedEvents.firstDeliveries(consumer, List.of(event.id())).isEmpty()) {
                    handling.effect().accept(event);
                }
            }));
        } catch (DeadLetteredEvent e) {
            deadLetter(consumer, record, e);
            passOver(consumer, partition, next);
            return;
        }
        positions.applied(consumer, partition, next);
    }

    /**
     * For consumers that keep their own ledger and transactions (the notifier's delivery log, which
     * calls a provider between them): {@code handler} gets the parsed event and is retried as described
     * above; it must be safe to run again for the same event.
     */
    public <P> void handle(String consumer, ConsumerRecord<String, String> record, Class<P> payloadType,
            int knownSchemaVersion, Consumer<Event<P>> handler) {
        try {
            Event<P> event = readForConsumer(consumer, record, payloadType, knownSchemaVersion);
            retried(consumer, record, () -> handler.accept(event));
        } catch (DeadLetteredEvent e) {
            deadLetter(consumer, record, e);
        }
    }

    /**
     * The records of one poll for a consumer that keeps its own ledger (see {@link #handle}): {@code handler} gets
     * their events together, under load one call (and its transactions) for many records. When a record is not an
     * event or the handler fails, each record goes through {@link #handle} on its own, where the rules above decide
     * about it; the handler must be safe to run again for events it already handled.
     */
    public <P> void handleAll(String consumer, ConsumerRecords<String, String> records, Class<P> payloadType,
            int knownSchemaVersion, Consumer<List<Event<P>>> handler) {
        if (records.count() > 1) {
            List<Event<P>> events = new ArrayList<>(records.count());
            try {
                for (ConsumerRecord<String, String> record : records) {
                    events.add(read(record.value(), payloadType, knownSchemaVersion));
                }
                handler.accept(events);
                return;
            } catch (EventJson.MalformedEventException e) {
                // dead-lettered on its own below, the others handled around it
            } catch (RuntimeException e) {
                LOG.debugf("%s: %d records not handled together (%s); one by one now", consumer, records.count(), describe(e));
            }
        }
        for (ConsumerRecord<String, String> record : records) {
            handle(consumer, record, payloadType, knownSchemaVersion, event -> handler.accept(List.of(event)));
        }
    }

    /** The envelope, checked against the newest schema version this code knows. */
    public static <P> Event<P> read(String json, Class<P> payloadType, int knownSchemaVersion) {
        Event<P> event = EventJson.read(json, payloadType);
        if (event.schemaVersion() > knownSchemaVersion) {
            throw new EventJson.MalformedEventException(payloadType.getSimpleName() + " schema " + event.schemaVersion()
                    + " is newer than " + knownSchemaVersion + ", which this service knows", null);
        }
        return event;
    }

    /** Consumers retrying an event right now, and since when: a degraded service (health "well"). */
    public Map<String, Instant> retrying() {
        return Map.copyOf(retryingSince);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private <P> Event<P> readForConsumer(String consumer, ConsumerRecord<String, String> record, Class<P> payloadType,
            int knownSchemaVersion) {
        try {
            return read(record.value(), payloadType, knownSchemaVersion);
        } catch (EventJson.MalformedEventException e) {
            // the parser's own message may quote the payload; the header operators read must not
            String reason = e.getCause() == null ? e.getMessage() : e.getMessage() + " (" + e.getCause().getClass().getSimpleName() + ")";
            LOG.errorf("%s: record %s-%d@%d is not processable and goes to the dead-letter topic: %s", consumer,
                    record.topic(), record.partition(), record.offset(), reason);
            deadLetters(consumer, "malformed").increment();
            throw new DeadLetteredEvent(reason);
        }
    }

    private void retried(String consumer, ConsumerRecord<String, String> record, Runnable attempt) {
        Duration backoff = retry.initialBackoff();
        for (int failures = 1;; failures++) {
            try {
                attempt.run();
                if (failures > 1) {
                    retryingSince.remove(consumer);
                    LOG.infof("%s: record %s-%d@%d applied after %d failed attempts", consumer, record.topic(),
                            record.partition(), record.offset(), failures - 1);
                }
                return;
            } catch (RuntimeException e) {
                boolean transientFailure = Failures.isTransient(e);
                String failure = describe(e);
                if (!transientFailure && retry.defectAttempts() > 0 && failures >= retry.defectAttempts()) {
                    retryingSince.remove(consumer);
                    deadLetters(consumer, "defect").increment();
                    LOG.errorf("%s: record %s-%d@%d failed %d times (%s), goes to the dead-letter topic", consumer,
                            record.topic(), record.partition(), record.offset(), failures, failure);
                    LOG.debug("the last failure, in full", e);
                    throw new DeadLetteredEvent("failed " + failures + " times: " + failure);
                }
                retryingSince.putIfAbsent(consumer, Instant.now());
                metrics.counter("latchkey_consumer_retries_total", "consumer", consumer, "failure",
                        transientFailure ? "transient" : "defect").increment();
                if (failures == 1 || failures % 20 == 0) {
                    LOG.warnf("%s: record %s-%d@%d failed (%s, %s), attempt %d; retrying in %d ms", consumer,
                            record.topic(), record.partition(), record.offset(), failure,
                            transientFailure ? "transient" : "not known to be transient", failures, backoff.toMillis());
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * During shutdown the record is neither acknowledged nor dead-lettered: the thread stays here
     * until the process ends and the next owner of the partition receives the record again.
     */
    private void pause(Duration backoff) {
        try {
            if (!stopping) {
                Thread.sleep(backoff);
            }
        } catch (InterruptedException e) {
            stopping = true;
        }
        while (stopping) {
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                // keep the record unacknowledged until the process is gone
            }
        }
    }

    /**
     * Puts the record on the consumer's dead-letter topic before the record is acknowledged: a send the broker
     * refuses or does not answer is retried like any transient failure, so a dead letter is never lost.
     */
    private void deadLetter(String consumer, ConsumerRecord<String, String> record, DeadLetteredEvent reason) {
        retried(consumer, record, () -> deadLetters.send(consumer, record, reason.getMessage(), reason.getClass()));
        LOG.infof("%s: record %s-%d@%d is on %s", consumer, record.topic(), record.partition(), record.offset(),
                deadLetters.topicFor(consumer, record.topic()));
    }

    /** The record is on the dead-letter topic: waiters for this partition may go on past it. */
    private void passOver(String consumer, TopicPartition partition, long next) {
        try {
            QuarkusTransaction.requiringNew().run(() -> positions.store(consumer, partition, next));
        } catch (RuntimeException e) {
            LOG.debugf("%s: progress past a dead letter not stored (%s)", consumer, e.getClass().getName());
        }
        positions.applied(consumer, partition, next);
    }

    /** Exception types and SQL states only: messages of database errors can quote the values of a row. */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.getClass().getName());
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getSimpleName());
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                text.append(" [").append(sql.getSQLState()).append(']');
            }
        }
        return text.toString();
    }

    private io.micrometer.core.instrument.Counter deadLetters(String consumer, String reason) {
        return metrics.counter("latchkey_consumer_dead_letters_total", "consumer", consumer, "reason", reason);
    }
}
