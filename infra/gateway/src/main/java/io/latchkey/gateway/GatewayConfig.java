package io.latchkey.gateway;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "latchkey.gateway")
public interface GatewayConfig {

    /** Base URL of each service by name: user, token, push, notifier. */
    Map<String, String> services();

    @WithDefault("64")
    int maxConnectionsPerService();
}
