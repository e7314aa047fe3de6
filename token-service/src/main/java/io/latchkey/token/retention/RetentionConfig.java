package io.latchkey.token.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long token-service keeps rows that hold codes (sealed, or as HMACs) or phone numbers once they
 * have served their purpose (docs/operations.md "Retention"). Env: {@code LATCHKEY_RETENTION_EXPIRED_ROWS}.
 * Rate-limit counters, whose keys hold phone numbers, go as soon as their window ends ({@code WindowCounters}).
 */
@ConfigMapping(prefix = "latchkey.retention")
public interface RetentionConfig {

    /** One-time codes, phone verifications, device registrations and QR images: deleted this long after they expire. */
    @WithDefault("24h")
    Duration expiredRows();
}
