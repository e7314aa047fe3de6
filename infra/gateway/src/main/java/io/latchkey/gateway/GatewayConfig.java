package io.latchkey.gateway;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "latchkey.gateway")
public interface GatewayConfig {

    /** Base URL of each service by name: user, token, push, notifier. */
    Map<String, String> services();

    /**
     * Connections to one service at most. A device's OneTouch long-poll holds one to push-service for up to
     * 30 s, so this must exceed the devices polling at once; idle NIO connections cost little.
     */
    @WithDefault("4096")
    int maxConnectionsPerService();
}
