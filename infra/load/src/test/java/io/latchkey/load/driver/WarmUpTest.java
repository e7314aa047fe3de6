package io.latchkey.load.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    /** Answers every call at once, counting them. */
    static final class Counting implements Scenario {

        final AtomicLong calls = new AtomicLong();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public CompletableFuture<Boolean> call(Calls calls, long n) {
            this.calls.incrementAndGet();
            return CompletableFuture.completedFuture(true);
        }
    }

    @Test
    void warmsUpForTheCallsAskedWhenNoTimeIsAsked() throws Exception {
        Counting scenario = new Counting();
        LoadDriver.warmUp(scenario, null, 500, Duration.ZERO);
        assertEquals(500, scenario.calls.get());
    }

    @Test
    void keepsCallingUntilTheTimeAskedHasPassed() throws Exception {
        Counting scenario = new Counting();
        long start = System.nanoTime();
        LoadDriver.warmUp(scenario, null, 10, Duration.ofMillis(300));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "stopped before the time asked");
        assertTrue(scenario.calls.get() > 10, "only " + scenario.calls.get() + " calls");
    }

    @Test
    void noWarmUpForAScenarioThatWantsNone() throws Exception {
        Counting scenario = new Counting();
        LoadDriver.warmUp(scenario, null, 0, Duration.ofSeconds(5));
        assertEquals(0, scenario.calls.get());
    }
}
