package io.latchkey.events.outbox;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.latchkey.events.scheduling.PeriodicJobs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Decides when {@link OutboxSender} runs: right after a commit that wrote an outbox row its committing thread did
 * not send itself, shortly after the broker's answers (to record them), and on a timer for rows left behind by a
 * crash or a broker outage. Only while the application is running: rows written during start-up (the bootstrap
 * application) wait until messaging is wired.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    OutboxSender sender;

    @Inject
    OutboxConfig config;

    /**
     * How long an acknowledgement waits to be recorded as "sent" by a run of its own. Waiters learn of it at once
     * ({@link OutboxAcks}); the row's {@code sent_at} matters to other instances (their waiters) and to later rows
     * of its key that went the relay's way (they wait behind it), and one run records every answer that came in the
     * meantime: a run per acknowledgement would double the relay's transactions.
     */
    private static final long RECORD_DELAY_MILLIS = 20;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final AtomicBoolean recordPending = new AtomicBoolean();
    private final ScheduledExecutorService wakeUps = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    /** Asks for a run soon, off the committing thread; a burst of wake-ups coalesces into one run. */
    public void wakeUp() {
        if (running.get() && wakeUpPending.compareAndSet(false, true)) {
            try {
                wakeUps.execute(() -> {
                    wakeUpPending.set(false);
                    relay();
                });
            } catch (RejectedExecutionException e) {
                // stopping: an acknowledgement that arrives now is recorded by the next start's first run
            }
        }
    }

    /**
     * A run in {@value #RECORD_DELAY_MILLIS} ms, for the broker's answers: it records them and then claims what they
     * held up (later rows of their keys, rows beyond the room in flight).
     */
    public void recordSoon() {
        if (running.get() && recordPending.compareAndSet(false, true)) {
            try {
                wakeUps.schedule(() -> {
                    recordPending.set(false);
                    relay();
                }, RECORD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping: the rows are sent again after their claim ends (at-least-once)
            }
        }
    }

    /** Between start-up and shutdown; outside it rows wait in the table for the next run. */
    boolean running() {
        return running.get();
    }

    @Inject
    Scheduler scheduler;

    void onStarted(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) StartupEvent event) {
        running.set(true);
        PeriodicJobs.every(scheduler, "latchkey-outbox-relay", config.pollInterval(), () -> onTimer()).schedule();
        wakeUp();
    }

    private void onTimer() {
        if (running.get()) {
            relay();
        }
    }

    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        running.set(false);
        wakeUps.shutdownNow();
    }

    /** Batch after batch while full ones come back, so a backlog drains without waiting for the timer. */
    private void relay() {
        try {
            while (running.get() && sender.relayPending() >= config.batchSize()) {
                LOG.debug("outbox backlog: relaying the next batch");
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay run failed, rows stay pending: %s", e.toString());
        }
    }
}
