package io.latchkey.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.latchkey.notifier.config.NotifierConfig;
import io.latchkey.notifier.TestConfigs;

class BackoffTest {

    private final NotifierConfig.Retry retry = TestConfigs.notifier(Map.of(
            "latchkey.notifier.retry.initial-backoff", "2s", "latchkey.notifier.retry.multiplier", "3",
            "latchkey.notifier.retry.max-backoff", "30s", "latchkey.notifier.retry.jitter", "0.5")).retry();

    @Test
    void growsExponentiallyUpToTheCap() {
        assertEquals(Duration.ofSeconds(2), Backoff.after(retry, 1, () -> 0));
        assertEquals(Duration.ofSeconds(6), Backoff.after(retry, 2, () -> 0));
        assertEquals(Duration.ofSeconds(18), Backoff.after(retry, 3, () -> 0));
        assertEquals(Duration.ofSeconds(30), Backoff.after(retry, 4, () -> 0));
        assertEquals(Duration.ofSeconds(30), Backoff.after(retry, 20, () -> 0));
    }

    @Test
    void jitterTakesUpToItsShareOff() {
        assertEquals(Duration.ofMillis(4500), Backoff.after(retry, 2, () -> 0.5));
        assertEquals(Duration.ofMillis(3000), Backoff.after(retry, 2, () -> 0.9999999));
    }
}
