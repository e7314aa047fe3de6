package io.latchkey.push.approval;

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
}
