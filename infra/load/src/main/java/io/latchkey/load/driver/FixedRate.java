package io.latchkey.load.driver;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One step of an open-model run: calls at a fixed rate, whatever the answers do, each measured from the time
 * it was meant to be sent. A closed loop (each client waits for its answer before the next call) sends less
 * when the server slows down and so hides the slowness; here a server that cannot keep up makes every later
 * call late, and that shows in the tail.
 */
final class FixedRate {

    /** What one step measured. */
    record Step(String scenario, double rate, long calls, long errors, Histogram latencyMicros, double seconds) {

        double errorRatio() {
            return calls == 0 ? 0 : (double) errors / calls;
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private FixedRate() {
    }

    static Step run(Scenario scenario, Calls calls, double rate, Duration length) throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong errors = new AtomicLong();
        long count = Math.max(1, Math.round(rate * length.toNanos() / 1e9));
        double intervalNanos = 1e9 / rate;
        CompletableFuture<?>[] answers = new CompletableFuture<?>[(int) count];
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int n = 0; n < count; n++) {
            long intended = start + (long) (n * intervalNanos);
            long early = intended - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
            CompletableFuture<Boolean> answer;
            try {
                answer = scenario.call(calls, n);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answers[n] = answer.whenComplete((expected, failure) -> {
                latency.recordValue(Math.min(latency.getHighestTrackableValue(),
                        TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended)));
                if (failure != null || !Boolean.TRUE.equals(expected)) {
                    errors.incrementAndGet();
                }
            });
        }
        try {
            CompletableFuture.allOf(answers).get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            // failed calls are counted as errors above; a call that never answers within a minute is one too
        }
        long unanswered = Arrays.stream(answers).filter(answer -> !answer.isDone()).count();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Step(scenario.name(), rate, count, errors.get() + unanswered, latency, seconds);
    }
}
