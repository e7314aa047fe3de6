package io.latchkey.push.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How OneTouch callbacks and webhook events are delivered (README "Delivery to the application").
 * Env: {@code LATCHKEY_OUTBOUND_*}.
 */
@ConfigMapping(prefix = "latchkey.outbound")
public interface DeliveryConfig {

    /** How often due deliveries are looked for: a callback leaves within about this long of its decision. */
    @WithDefault("1s")
    Duration pollInterval();

    /** The endpoint's answer must come within this, else the attempt failed. */
    @WithDefault("5s")
    Duration timeout();

    /** Backoff after the first failure, doubled each time up to {@link #maxBackoff()}; each wait is half to all of it. */
    @WithDefault("2s")
    Duration initialBackoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** Attempts before the delivery is given up (FAILED): about a day with the defaults (15 to 30 hours). */
    @WithDefault("40")
    int maxAttempts();

    /** Deliveries sent at once, at most; a slow endpoint holds one of them, never the decision. */
    @WithDefault("16")
    int concurrency();

    /**
     * Of those, the most one application's deliveries take at once on an instance: an application whose endpoint
     * is slow or down delays only its own deliveries, never another application's.
     */
    @WithDefault("4")
    int perApplication();

    /** Finished deliveries (and webhook events no delivery needs any more) are deleted this long after they were made. */
    @WithDefault("30d")
    Duration retention();

    /**
     * Whether targets on loopback, private, link-local or unique-local addresses may be called. Off in
     * production (a callback or webhook URL must not reach into the platform's own network); the local run allows them.
     */
    @WithDefault("false")
    boolean allowPrivateNetworks();
}
