package io.latchkey.load.driver;

import java.util.concurrent.CompletableFuture;

/**
 * One kind of call as official clients make it. The driver asks for the {@code n}th call at its intended
 * time and measures from that time until the future completes; {@code true} means the answer was the one
 * the scenario expects (anything else counts as an error).
 */
interface Scenario {

    String name();

    /** What the calls need before the clock starts (users to call about); not measured. */
    default void prepare(Calls calls) throws Exception {
    }

    CompletableFuture<Boolean> call(Calls calls, long n);

    /** How many of the {@code asked} unmeasured warm-up calls this scenario makes (fewer when its calls use something up). */
    default int warmUpCalls(int asked) {
        return asked;
    }
}
