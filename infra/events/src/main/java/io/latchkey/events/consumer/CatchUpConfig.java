package io.latchkey.events.consumer;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;

/** Read your writes across services (docs/consistency.md): how long a read may wait for its projection. */
@ConfigMapping(prefix = "latchkey.catch-up")
public interface CatchUpConfig {

    /**
     * The longest a request waits for the end offsets and for its consumer to reach them; past it the
     * request is answered from the projection as it is (and counted in {@code latchkey_catch_up_total}).
     */
    @WithDefault("3s")
    Duration timeout();

    /** After the broker failed to answer, requests skip the wait for this long instead of each paying the timeout. */
    @WithDefault("5s")
    Duration brokerRetryAfter();

    /**
     * Topics whose readers the writer waits for, each with the consumer groups (comma-separated) that read
     * it: an answer that wrote to such a topic leaves once each group has consumed the written key's
     * partition. For state that every call reads (the applications, behind every API key), so that the
     * readers need no broker round trip of their own. A group with no committed offset is not waited for.
     */
    @WithDefaults
    Map<String, String> writersAwait();
}
