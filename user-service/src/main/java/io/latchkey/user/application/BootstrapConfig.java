package io.latchkey.user.application;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The application a local run and the tests use without an admin token (README "Configuration"). */
@ConfigMapping(prefix = "latchkey.bootstrap")
public interface BootstrapConfig {

    @WithDefault("Latchkey")
    String name();

    /** No key, no bootstrap application: production deployments create applications through the admin API. */
    Optional<String> apiKey();

    Optional<String> onetouchCallbackUrl();
}
