package io.latchkey.events.consumer;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Read your writes across services (docs/consistency.md): how long a read may wait for its projection. */
@ConfigMapping(prefix = "latchkey.catch-up")
public interface CatchUpConfig {

    /**
     * The longest a request waits for the end offsets and for its consumer to reach them; past it the
     * request is answered from the projection as it is (and counted in {@code latchkey_catch_up_total}).
     */
    @WithDefault("3s")
    Duration timeout();
}
