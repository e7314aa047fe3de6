package io.latchkey.events.scheduling;

import java.time.Duration;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;

/**
 * The one way Latchkey's background loops are scheduled (outbox relay and janitor, expiry sweep, deliveries,
 * notifier retries): every {@code interval} from typed configuration, never two runs of one job at once, and
 * not before the application runs or while it stops.
 */
public final class PeriodicJobs {

    private PeriodicJobs() {
    }

    /** The job, ready to {@code schedule()} (after any further setting, such as a first delay). */
    public static Scheduler.JobDefinition<?> every(Scheduler scheduler, String name, Duration interval, Runnable task) {
        return scheduler.newJob(name)
                .setInterval(interval.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setSkipPredicate(Scheduled.ApplicationNotRunning.class)
                .setTask(execution -> task.run());
    }
}
