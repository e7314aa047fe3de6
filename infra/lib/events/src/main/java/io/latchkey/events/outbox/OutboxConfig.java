package io.latchkey.events.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "latchkey.outbox")
public interface OutboxConfig {

    /** How often rows left behind (crash, broker outage) are retried; commits also wake the relay at once. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Rows claimed and handed to the producer per run. */
    @WithDefault("200")
    int batchSize();

    /** Rows handed to the producer and not yet answered, at most; below the emitter's buffer (1024). */
    @WithDefault("500")
    int maxInFlight();

    /**
     * How long a claimed row is this instance's before another may send it; longer than the producer's
     * {@code delivery.timeout.ms} on the outbox channel, so that a row is answered before its claim ends.
     */
    @WithDefault("60s")
    Duration claimTimeout();

    /** How often sent rows and old processed-event ids are deleted. */
    @WithDefault("5m")
    Duration purgeInterval();

    /** Sent rows are kept this long for operators, then deleted (their payloads may hold codes and numbers). */
    @WithDefault("1h")
    Duration sentRetention();

    /** How long consumers remember processed event ids; longer than Kafka keeps non-compacted records. */
    @WithDefault("14d")
    Duration processedEventRetention();

    /**
     * How long an HTTP answer waits for the broker to acknowledge the events its request wrote (read your
     * writes, docs/consistency.md). Past it the answer goes out; the rows stay and are sent when the broker takes them.
     */
    @WithDefault("3s")
    Duration ackWait();

    /**
     * How long an answer that wrote to a topic with {@code latchkey.writers-await.<topic>} groups (an admin
     * change of an application) then waits for those consumer groups to pass its events. Past it the answer
     * goes out; a service whose group was behind learns of the change moments later.
     */
    @WithDefault("3s")
    Duration readersWait();
}
