package io.latchkey.notifier.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.latchkey.notifier.config.NotifierConfig;

/**
 * Exponential backoff with jitter: after the n-th failed attempt wait
 * {@code min(max, initial * multiplier^(n-1))}, minus a random share of up to {@code jitter} of it, so
 * that the many messages of one provider outage do not all come back in the same second. Pure Java.
 */
public final class Backoff {

    private Backoff() {
    }

    /**
     * @param attemptsMade attempts already made (1 after the first failure)
     * @param random       uniform in [0, 1)
     */
    public static Duration after(NotifierConfig.Retry retry, int attemptsMade, DoubleSupplier random) {
        double exponential = retry.initialBackoff().toMillis() * Math.pow(retry.multiplier(), Math.max(0, attemptsMade - 1));
        double capped = Math.min(exponential, retry.maxBackoff().toMillis());
        double jitter = Math.min(1, Math.max(0, retry.jitter()));
        return Duration.ofMillis(Math.round(capped * (1 - jitter * random.getAsDouble())));
    }
}
