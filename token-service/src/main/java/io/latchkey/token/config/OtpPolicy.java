package io.latchkey.token.config;

import java.time.Duration;

import io.latchkey.totp.HmacAlgorithm;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every number the OTP rules use, with its default; each can be overridden by an env var, e.g.
 * {@code LATCHKEY_OTP_LOCKOUT_MAX_FAILURES=5}. See token-service/README.md "Policies".
 */
@ConfigMapping(prefix = "latchkey.otp")
public interface OtpPolicy {

    /** How long an SMS/voice code can be verified (and is re-sent instead of a new one). */
    @WithDefault("10m")
    Duration codeLifetime();

    SendLimit sendLimit();

    Lockout lockout();

    Authenticator authenticator();

    SoftToken softToken();

    DeviceRegistration deviceRegistration();

    /**
     * Longest wait for a user's row lock (verify, new secret); past it the request answers 429/60003
     * instead of holding a pooled connection.
     */
    @WithDefault("3s")
    Duration lockTimeout();

    /** Base URL clients reach Latchkey at (the gateway); QR image links are built on it. */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** SMS/voice sends (new or re-sent codes) per user in a fixed window; more answer 429/60003. */
    interface SendLimit {
        @WithDefault("5")
        int max();

        @WithDefault("10m")
        Duration window();
    }

    /** Failed verifications per user in a fixed window before verify is locked, also for correct codes. */
    interface Lockout {
        @WithDefault("10")
        int maxFailures();

        @WithDefault("15m")
        Duration window();

        @WithDefault("15m")
        Duration duration();
    }

    /**
     * Generic authenticator apps (Google Authenticator and the like) from {@code users/{id}/secret}:
     * 6 digits, SHA-1, 30 s are the only parameters every such app honours.
     */
    interface Authenticator {
        @WithDefault("SHA1")
        HmacAlgorithm algorithm();

        @WithDefault("6")
        int digits();

        @WithDefault("30s")
        Duration period();

        /** Steps accepted either side of the current one. */
        @WithDefault("1")
        int window();

        @WithDefault("24h")
        Duration qrLifetime();

        @WithDefault("256")
        int qrDefaultSize();

        @WithDefault("320")
        int qrMaxSize();
    }

    /** Soft tokens of registered devices: digits = the application's token length. */
    interface SoftToken {
        @WithDefault("SHA1")
        HmacAlgorithm algorithm();

        /** Authy's own app uses 10-second steps (docs/authy-api.md §6 "Token length"). */
        @WithDefault("10s")
        Duration period();

        /** Steps either side of now: ±2 x 10 s, the grace the Authy app's 20 s countdown implies. */
        @WithDefault("2")
        int window();
    }

    interface DeviceRegistration {
        @WithDefault("10m")
        Duration codeLifetime();

        /** Registration starts per user in {@link #startWindow()}. */
        @WithDefault("3")
        int maxStarts();

        @WithDefault("1h")
        Duration startWindow();

        /** Wrong codes before a registration is void. */
        @WithDefault("5")
        int maxAttempts();
    }
}
