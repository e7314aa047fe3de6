package io.latchkey.events.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;

/**
 * Sends outbox rows to Kafka in id order and marks each one sent only once the broker acknowledged
 * it. A PostgreSQL advisory lock keeps one sender active per database, which keeps the order of a
 * key's events across several instances of a service. Delivery is at-least-once (a crash between
 * the ack and the commit sends a row again), which is why consumers de-duplicate on event id.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    /** Arbitrary but fixed: "lkoutbox" read as a long. */
    private static final long ADVISORY_LOCK_ID = 0x6c6b_6f75_7462_6f78L;

    @Inject
    EntityManager entityManager;

    @Inject
    @Channel("latchkey-outbox")
    MutinyEmitter<String> emitter;

    @Inject
    OutboxConfig config;

    @Inject
    OutboxAcks acknowledgements;

    @Inject
    TransactionManager transactionManager;

    /** @return the number of rows sent in this run */
    @Transactional
    public int relayPending() {
        Boolean locked = (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, ADVISORY_LOCK_ID)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        List<OutboxMessage> batch = OutboxMessage.<OutboxMessage> find("sentAt is null and parkedAt is null order by id")
                .page(0, config.batchSize())
                .list();
        // All of the batch goes out at once and the acks are awaited in id order: the idempotent
        // producer keeps one partition's records in order, and one round trip per batch (not per row)
        // is what lets an import of 100 000 users drain in seconds.
        List<CompletableFuture<Void>> acks = sendOutsideTransaction(batch);
        int sent = 0;
        int failedAt = -1;
        for (int i = 0; i < batch.size() && failedAt < 0; i++) {
            OutboxMessage message = batch.get(i);
            try {
                acks.get(i).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                acknowledgements.acknowledged(message.id);
                message.sentAt = Instant.now();
                sent++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failedAt = i;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                message.attempts++;
                message.lastError = truncate(String.valueOf(cause));
                if (refusedForGood(cause)) {
                    message.parkedAt = Instant.now();
                    acknowledgements.refused(message.id);
                    LOG.errorf("outbox row %d (%s to %s) refused by Kafka for good, parked: %s",
                            message.id, message.eventType, message.topic, String.valueOf(cause));
                    continue;
                }
                LOG.warnf("outbox row %d (%s to %s) not acknowledged, will retry: %s",
                        message.id, message.eventType, message.topic, String.valueOf(cause));
                failedAt = i;
            }
        }
        // rows after a failure that the broker did take are marked too, so they are not sent twice; the failed
        // one goes again later (consumers drop repeats by event id and older revisions of a key)
        for (int i = failedAt + 1; failedAt >= 0 && i < batch.size(); i++) {
            if (acks.get(i).isDone() && !acks.get(i).isCompletedExceptionally()) {
                acknowledgements.acknowledged(batch.get(i).id);
                batch.get(i).sentAt = Instant.now();
                sent++;
            }
        }
        return sent;
    }

    /**
     * Sends with this thread's transaction suspended: the emitter propagates the caller's context to the
     * producer's callbacks, and a transaction seen as active on a Kafka thread makes its commit fail
     * ("commit invoked while multiple threads active"), leaving acknowledged rows unmarked.
     */
    private List<CompletableFuture<Void>> sendOutsideTransaction(List<OutboxMessage> batch) {
        Transaction transaction;
        try {
            transaction = transactionManager.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException("cannot suspend the outbox transaction", e);
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        try {
            for (OutboxMessage message : batch) {
                acks.add(send(message));
            }
        } finally {
            try {
                transactionManager.resume(transaction);
            } catch (InvalidTransactionException | SystemException e) {
                throw new IllegalStateException("cannot resume the outbox transaction", e);
            }
        }
        return acks;
    }

    private CompletableFuture<Void> send(OutboxMessage message) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(message.topic)
                .withKey(message.messageKey)
                .withHeaders(new RecordHeaders()
                        .add("event-type", message.eventType.getBytes(StandardCharsets.UTF_8))
                        .add("event-id", message.eventId.toString().getBytes(StandardCharsets.UTF_8)))
                .build();
        return emitter.sendMessage(Message.of(message.payload).addMetadata(metadata))
                .subscribeAsCompletionStage();
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

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
