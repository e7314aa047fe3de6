package io.latchkey.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a client's call sequence many times, one after another or from several clients at once, and
 * counts misses: any answer other than the one a single consistent system gives. Calls go back to
 * back, as the official clients and integration guides make them; nothing waits or retries.
 */
final class Sequences {

    /** One run of a sequence: null when every answer was right, else what was wrong. */
    @FunctionalInterface
    interface Sequence {
        String run(int client, int iteration) throws Exception;
    }

    private Sequences() {
    }

    static void assertNoMisses(String name, int runs, int clients, Sequence sequence) throws Exception {
        List<String> misses = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int clientNumber = client;
                workers.add(pool.submit(() -> {
                    for (int run = next.getAndIncrement(); run < runs; run = next.getAndIncrement()) {
                        try {
                            String miss = sequence.run(clientNumber, run);
                            if (miss != null) {
                                misses.add("run " + run + ": " + miss);
                            }
                        } catch (Exception | AssertionError e) {
                            misses.add("run " + run + ": " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("%-60s %4d runs, %2d clients: %d misses in %.1f s%n", name, runs, clients, misses.size(),
                (System.nanoTime() - started) / 1e9);
        assertEquals(List.of(), misses.subList(0, Math.min(5, misses.size())),
                name + ": " + misses.size() + " of " + runs + " runs missed (first five shown)");
    }
}
