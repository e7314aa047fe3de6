package io.latchkey.push.webhook;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Dashboard webhooks (README "Dashboard webhooks"). Env: {@code LATCHKEY_WEBHOOKS_*}. */
@ConfigMapping(prefix = "latchkey.webhooks")
public interface WebhookConfig {

    /** A webhook whose endpoint has failed every attempt for this long is disabled (an answer 410 disables it at once). */
    @WithDefault("3d")
    Duration disableAfter();

    /** Webhooks one application may have at once. */
    @WithDefault("20")
    int maxPerApplication();

    /** How long a signed dashboard request's nonce is remembered: a replay within it is refused. */
    @WithDefault("7d")
    Duration nonceRetention();

    /**
     * The base URL clients call (e.g. {@code https://2fa.example.com}), which they sign into dashboard requests.
     * Without it the URL is rebuilt from the host the client called (the gateway's {@code X-Forwarded-Host}), http or https.
     */
    Optional<String> publicBaseUrl();
}
