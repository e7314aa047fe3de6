package io.latchkey.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.scheduling.PeriodicJobs;
import io.latchkey.notifier.config.NotifierConfig;
import io.latchkey.notifier.provider.MessageProvider;
import io.latchkey.notifier.provider.ProviderException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Sends each requested delivery at most once, retrying transient provider failures later from the
 * delivery log. Provider calls run on their own threads, at most
 * {@link NotifierConfig#sendConcurrency()} at once: the Kafka consumer admits a poll's requests (short
 * transactions) and hands their attempts over, so one slow provider call never holds up the deliveries
 * behind it. Two messages to one user may therefore arrive in either order, as may a retried one
 * and a newer one (README "Retries").
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);

    /** One permit per provider call in progress; taken before an attempt is claimed, so a claim is sent at once. */
    private Semaphore permits;
    private ExecutorService senders;

    @Inject
    DeliveryLog log;

    @Inject
    MessageProvider provider;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    NotifierConfig config;

    @PostConstruct
    void start() {
        permits = new Semaphore(config.sendConcurrency());
        AtomicInteger threads = new AtomicInteger();
        senders = Executors.newFixedThreadPool(config.sendConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "notifier-send-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        senders.shutdown();
        // calls in progress finish and record their outcome; an attempt cut off here is failed as abandoned later
        senders.awaitTermination(config.twilio().readTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /**
     * Admits the requests and starts their first attempts on sender threads; waits first, while
     * {@link NotifierConfig#sendConcurrency()} calls are in progress. As many requests are admitted together (in
     * one transaction) as senders are free, so one slow provider call still holds up no one. Safe to call again
     * for the same requests (the delivery log admits a delivery id once).
     */
    public void deliver(List<DeliveryRequested> requests) {
        int admitted = 0;
        while (admitted < requests.size()) {
            permits.acquireUninterruptibly();
            int free = 1;
            while (admitted + free < requests.size() && permits.tryAcquire()) {
                free++;
            }
            List<DeliveryLog.Attempt> attempts;
            try {
                attempts = log.admit(requests.subList(admitted, admitted + free));
            } catch (RuntimeException e) {
                permits.release(free);
                throw e;
            }
            permits.release(free - attempts.size());
            attempts.forEach(this::sendWithPermit);
            admitted += free;
        }
    }

    private void sendWithPermit(DeliveryLog.Attempt attempt) {
        try {
            senders.execute(() -> {
                try {
                    attempt(attempt);
                } catch (RuntimeException e) {
                    // its row stays "in flight" and is failed as abandoned later; the others go on
                    LOG.warnf("delivery %s: recording the attempt's outcome failed: %s", attempt.deliveryId(),
                            e.getClass().getName());
                } finally {
                    permits.release();
                }
            });
        } catch (RejectedExecutionException e) {
            permits.release(); // shutting down: the claimed attempt is failed as abandoned, never sent twice
        }
    }

    @Inject
    Scheduler scheduler;

    void start(@Observes StartupEvent event) {
        PeriodicJobs.every(scheduler, "latchkey-notifier-retries", config.retry().pollInterval(), () -> runRetries()).schedule();
    }

    /** Runs due retries, as many at a time as sender threads are free, and fails attempts abandoned by a crash. */
    void runRetries() {
        try {
            log.failAbandoned(Instant.now().minus(config.retry().abandonedAfter()));
            while (true) {
                // claimed only with a free sender in hand: a claimed attempt goes out at once, never waits in a queue
                int free = permits.drainPermits();
                List<DeliveryLog.Attempt> due;
                try {
                    due = free == 0 ? List.of() : log.claimDue(Math.min(free, config.retry().batchSize()));
                } catch (RuntimeException e) {
                    permits.release(free);
                    throw e;
                }
                permits.release(free - due.size());
                due.forEach(this::sendWithPermit);
                if (due.isEmpty() || due.size() < Math.min(free, config.retry().batchSize())) {
                    return;
                }
            }
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
