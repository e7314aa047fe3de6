package io.latchkey.events.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Sends outbox rows to Kafka in id order and marks each one sent only once the broker acknowledged
 * it. Runs after every commit that wrote a row and on a timer (rows left by a crash or a broker
 * outage). A PostgreSQL advisory lock keeps one relay active per database, which keeps the order
 * of one key's events across several service instances. Delivery is at-least-once: a crash after
 * the ack and before the commit sends a row again, which is why consumers de-duplicate on event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary but fixed: "latchkey-outbox" folded to a long. */
    private static final long ADVISORY_LOCK_ID = 0x6c6b_6f75_7462_6f78L;

    @Inject
    EntityManager entityManager;

    @Inject
    @Channel("latchkey-outbox")
    MutinyEmitter<String> emitter;

    @Inject
    OutboxConfig config;

    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    /** Rows written during start-up (e.g. the bootstrap application) wait until messaging is wired. */
    private final AtomicBoolean started = new AtomicBoolean();
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    /** Asks for a relay run soon, off the committing thread; many wake-ups in a burst coalesce into one run. */
    void wakeUp() {
        if (started.get() && wakeUpPending.compareAndSet(false, true)) {
            wakeUps.execute(() -> {
                wakeUpPending.set(false);
                relayFromCdi();
            });
        }
    }

    @Scheduled(every = "${latchkey.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${latchkey.outbox.poll-interval:1s}")
    void onTimer() {
        if (started.get()) {
            relayFromCdi();
        }
    }

    void onStarted(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) StartupEvent event) {
        started.set(true);
        wakeUp();
    }

    void onStop(@Observes ShutdownEvent event) {
        wakeUps.shutdownNow();
    }

    private void relayFromCdi() {
        try {
            // through the container so that @Transactional applies
            Arc.container().instance(OutboxRelay.class).get().relayPending();
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay run failed, rows stay pending: %s", e.toString());
        }
    }

    /** @return the number of rows sent in this run */
    @Transactional
    public int relayPending() {
        Boolean locked = (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, ADVISORY_LOCK_ID)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        List<OutboxMessage> batch = OutboxMessage.find("sentAt is null order by id")
                .page(0, config.batchSize())
                .list();
        int sent = 0;
        for (OutboxMessage message : batch) {
            try {
                send(message);
                message.sentAt = Instant.now();
                sent++;
            } catch (RuntimeException e) {
                // stop here: sending later rows first would reorder one key's events
                message.attempts++;
                message.lastError = truncate(e.toString());
                LOG.warnf("outbox row %d (%s to %s) not acknowledged, will retry: %s",
                        message.id, message.eventType, message.topic, e.toString());
                break;
            }
        }
        return sent;
    }

    private void send(OutboxMessage message) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(message.topic)
                .withKey(message.messageKey)
                .withHeaders(new RecordHeaders()
                        .add("event-type", message.eventType.getBytes(StandardCharsets.UTF_8))
                        .add("event-id", message.eventId.toString().getBytes(StandardCharsets.UTF_8)))
                .build();
        emitter.sendMessage(Message.of(message.payload).addMetadata(metadata))
                .await().atMost(config.sendTimeout());
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
