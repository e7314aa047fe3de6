package io.latchkey.events.consumer;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a consumer retries an event whose effect failed (docs/events.md "Failures"). Env overrides:
 * {@code LATCHKEY_CONSUMER_RETRY_INITIAL_BACKOFF}, {@code _MAX_BACKOFF}, {@code _DEFECT_ATTEMPTS}.
 */
@ConfigMapping(prefix = "latchkey.consumer.retry")
public interface ConsumerRetryConfig {

    /** Wait before the second attempt; doubled after each further failure. */
    @WithDefault("100ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    /**
     * Attempts for a failure that is neither transient nor a malformed event (a defect in the code, a
     * constraint the event breaks) before the event goes to the dead-letter topic, so that the partition
     * moves on. {@code 0}, the default: never; the consumer retries it like a transient failure, the
     * partition waits, and {@code /q/health/well} names the consumer, because a skipped event (a user
     * removal, a key rotation) is worse than a late one. Only events that can never be processed
     * (not an event, an unknown schema version) are dead-lettered at once.
     */
    @WithDefault("0")
    int defectAttempts();
}
