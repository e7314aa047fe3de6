package io.latchkey.token.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "latchkey.codes")
public interface CodePolicy {

    /** Base64 key of the HMAC under which codes are stored: a leaked table alone cannot be brute-forced. */
    String hmacKey();

    @WithName("phone-verification")
    PhoneVerification phoneVerification();

    interface PhoneVerification {
        @WithDefault("10m")
        Duration lifetime();

        @WithDefault("4")
        int defaultLength();

        /** Starts (new or re-sent codes) per number and application in {@link #startWindow()}; more answer 429/60003. */
        @WithDefault("5")
        int maxStarts();

        @WithDefault("10m")
        Duration startWindow();

        /**
         * Checks per number and application in {@link #failedCheckWindow()} that may fail, across all its
         * verifications (new starts do not reset it); past it, check and start answer 429/60003.
         */
        @WithDefault("10")
        int maxFailedChecks();

        @WithDefault("1h")
        Duration failedCheckWindow();

        /** Wrong checks after which a verification is void (a new start is needed). */
        @WithDefault("5")
        int maxAttempts();
    }
}
