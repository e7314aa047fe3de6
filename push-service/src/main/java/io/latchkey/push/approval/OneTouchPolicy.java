package io.latchkey.push.approval;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "latchkey.onetouch")
public interface OneTouchPolicy {

    /** Authy's documented default: one day. */
    @WithDefault("86400")
    long defaultSecondsToExpire();

    /** authy-java refuses longer messages; the server does too. */
    @WithDefault("200")
    int maxMessageLength();

    /** Pending requests per user at most: more is push bombing (ASVS 6.6.4), answered 429/60003. */
    @WithDefault("5")
    int maxOpenPerUser();

    /** How often pending requests past their deadline are marked expired (and published). */
    @WithDefault("30s")
    Duration expirySweepInterval();

    /** The longest a device's long-poll waits for a request or a nudge before it answers empty. */
    @WithDefault("30s")
    Duration maxPollWait();

    /** How far a device's signing time may be from the server's clock. */
    @WithDefault("60s")
    Duration decisionClockWindow();
}
