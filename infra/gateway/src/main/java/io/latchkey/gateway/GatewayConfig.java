package io.latchkey.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "latchkey.gateway")
public interface GatewayConfig {

    /**
     * Base URLs of each service by name (user, token, push, notifier): one per instance, comma-separated.
     * Requests take the instances in turn; one that refuses the connection is skipped for the next.
     */
    Map<String, List<String>> services();

    /**
     * Connections to one service at most. A device's OneTouch long-poll holds one to push-service for up to
     * 30 s, so this must exceed the devices polling at once; idle NIO connections cost little.
     */
    @WithDefault("4096")
    int maxConnectionsPerService();

    Timeouts timeouts();

    /**
     * Load balancers in front of the gateway (IP addresses or CIDR networks) whose {@code X-Forwarded-For},
     * {@code -Proto} and {@code -Host} are kept (the peer is appended to the chain). From anyone else these
     * headers are replaced by what the gateway sees, so that a client cannot pass for another address.
     */
    Optional<List<String>> trustedProxies();

    /**
     * When a service is given up on: the client then gets 503 in the Authy error shape. A timeout counts
     * from the last bytes the service sent, so an answer that streams (an import's progress) lives on.
     */
    interface Timeouts {

        @WithDefault("2s")
        Duration connect();

        /** Ordinary API calls: Authy's clients give up after about this long themselves. */
        @WithDefault("30s")
        Duration answer();

        /** A device's long-poll, held by push-service for up to 30 s on purpose. */
        @WithDefault("60s")
        Duration longPoll();

        /** Operators' calls, e.g. an import of a large file. */
        @WithDefault("10m")
        Duration admin();
    }
}
