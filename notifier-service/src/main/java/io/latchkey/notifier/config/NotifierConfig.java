package io.latchkey.notifier.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the notifier can be told, under {@code latchkey.notifier}; each key has an env var
 * (e.g. {@code LATCHKEY_NOTIFIER_RETRY_MAX_ATTEMPTS}) and the defaults are the documented ones
 * (README "Configuration").
 */
@ConfigMapping(prefix = "latchkey.notifier")
public interface NotifierConfig {

    /** {@code local} (a JSON-lines file, for a developer's machine) or {@code twilio}. */
    @WithDefault("local")
    String provider();

    /** Where the {@code local} provider appends its messages. */
    @WithDefault("latchkey-outbox.jsonl")
    Path localOutboxFile();

    /** Fills {app} in the texts when the application is not (yet) in the local projection. */
    @WithDefault("Latchkey")
    String fallbackAppName();

    /**
     * Provider calls in progress at once, at most (first attempts and retries together). A slow provider
     * (a Twilio call can take 20 s to time out) then delays each message by its own call, not by a queue
     * of everyone else's; past this many calls in progress, new requests wait (in Kafka) for a free one.
     */
    @WithDefault("16")
    int sendConcurrency();

    /**
     * Settled deliveries keep their full number this long, for operators looking into a complaint; then the
     * number is masked like in the logs ({@code +1*******09}). Env {@code LATCHKEY_NOTIFIER_RETENTION}.
     */
    @WithDefault("30d")
    Duration retention();

    Retry retry();


    Twilio twilio();

    /** Transient provider failures (HTTP 429/5xx, timeouts) are retried from the database, not on the Kafka thread. */
    interface Retry {

        /** Attempts in total, the first one included; then the request is failed and dead-lettered. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt; each further wait is multiplied by {@link #multiplier()}. */
        @WithDefault("2s")
        Duration initialBackoff();

        @WithDefault("3")
        double multiplier();

        @WithDefault("2m")
        Duration maxBackoff();

        /** Each wait is drawn uniformly from [wait * (1 - jitter), wait], so retries of a burst spread out. */
        @WithDefault("0.5")
        double jitter();

        /** How often due retries are picked up. */
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("50")
        int batchSize();

        /**
         * An attempt that started this long ago and never recorded its outcome (the process died
         * while talking to the provider) is failed, never resent: a message is sent at most once.
         */
        @WithDefault("5m")
        Duration abandonedAfter();

        /** Topic that receives requests whose retries ran out (the code in them is removed). */
        @WithDefault("deliveries.requested.dead-letter")
        String deadLetterTopic();
    }

    interface Twilio {

        /** {@code AC…}; env {@code TWILIO_ACCOUNT_SID}. */
        Optional<String> accountSid();

        /** Also the key of {@code X-Twilio-Signature}; env {@code TWILIO_AUTH_TOKEN}. */
        Optional<String> authToken();

        /** Sender number in E.164; required for voice, used for SMS when no Messaging Service is set. */
        Optional<String> from();

        /** {@code MG…}: SMS go through this Messaging Service (sender pools, opt-out handling) when set. */
        Optional<String> messagingServiceSid();

        /**
         * The public URL Twilio posts status callbacks to, e.g. {@code https://2fa.example.com/twilio/status}.
         * Signatures are computed over this exact URL, so it must be what Twilio calls, not what the
         * service sees behind a proxy. Without it no callback is requested.
         */
        Optional<String> statusCallbackUrl();

        /**
         * Send every API request to this base URL instead of {@code https://api.twilio.com} (tests,
         * an egress proxy). Paths, form fields and Basic auth stay as the SDK makes them.
         */
        Optional<String> apiBaseUrl();

        @WithDefault("5s")
        Duration connectTimeout();

        /** A request that has not answered by then counts as a timeout: transient, retried. */
        @WithDefault("10s")
        Duration readTimeout();
    }
}
