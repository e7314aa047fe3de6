package io.latchkey.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.notifier.config.NotifierConfig;
import io.latchkey.notifier.provider.MessageProvider;
import io.latchkey.notifier.provider.ProviderException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends each requested delivery at most once, retrying transient provider failures later from the
 * delivery log: the Kafka consumer makes one attempt and moves on, so one slow or failing number
 * never holds up the partition for minutes. A retried message may therefore arrive after a newer
 * message to the same user (README "Retries").
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);

    @Inject
    DeliveryLog log;

    @Inject
    MessageProvider provider;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    NotifierConfig config;

    public void deliver(DeliveryRequested request) {
        log.admit(request).ifPresent(this::attempt);
    }

    /** Runs due retries, batch after batch, and fails attempts abandoned by a crash. */
    @Scheduled(every = "${latchkey.notifier.retry.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void runRetries() {
        try {
            log.failAbandoned(Instant.now().minus(config.retry().abandonedAfter()));
            List<DeliveryLog.Attempt> due;
            do {
                due = log.claimDue(config.retry().batchSize());
                for (DeliveryLog.Attempt attempt : due) {
                    try {
                        attempt(attempt);
                    } catch (RuntimeException e) {
                        // its row stays "in flight" and is failed as abandoned later; the others go on
                        LOG.warnf("delivery %s: recording the retry's outcome failed: %s", attempt.deliveryId(),
                                e.getClass().getName());
                    }
                }
            } while (due.size() == config.retry().batchSize());
        } catch (RuntimeException e) {
            LOG.warnf("retry run failed, rows stay due: %s", e.toString());
        }
    }

    private void attempt(DeliveryLog.Attempt attempt) {
        long started = System.nanoTime();
        String outcome = "sent";
        try {
            String providerMessageId = provider.send(attempt.message());
            log.recordSent(attempt, providerMessageId);
        } catch (ProviderException e) {
            outcome = e.isTransient() ? "transient-error" : "permanent-error";
            log.recordFailure(attempt, e);
        } catch (RuntimeException e) {
            // a provider bug or an unexpected answer: treat like an outage, the budget bounds it.
            // Only the type is logged: provider messages may quote the number.
            outcome = "transient-error";
            LOG.warnf("delivery %s to %s: unexpected %s from the provider", attempt.deliveryId(),
                    PhoneMasks.forLog(attempt.message().to()), e.getClass().getName());
            log.recordFailure(attempt, ProviderException.transientFailure("provider-error", e.getClass().getName(), e));
        } finally {
            metrics.attempt(attempt, provider.name(), outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
