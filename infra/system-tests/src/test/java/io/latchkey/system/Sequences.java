package io.latchkey.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
        Map<Path, Long> logsBefore = logSizes();
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
        if (!misses.isEmpty()) {
            printWarningsSince(logsBefore);
        }
        assertEquals(List.of(), misses.subList(0, Math.min(5, misses.size())),
                name + ": " + misses.size() + " of " + runs + " runs missed (first five shown)");
    }

    /** How long each platform log was: where the lines of a sequence's runs begin. */
    private static Map<Path, Long> logSizes() throws IOException {
        Map<Path, Long> sizes = new HashMap<>();
        try (Stream<Path> logs = Files.list(Platform.get().logs())) {
            for (Path log : logs.toList()) {
                sizes.put(log, Files.size(log));
            }
        }
        return sizes;
    }

    /**
     * What the platform warned of while the runs went on: why a miss happened is in the services' logs, which a CI
     * run does not keep.
     */
    private static void printWarningsSince(Map<Path, Long> before) throws IOException {
        for (Map.Entry<Path, Long> log : before.entrySet()) {
            try (RandomAccessFile file = new RandomAccessFile(log.getKey().toFile(), "r")) {
                file.seek(log.getValue());
                byte[] written = new byte[(int) Math.min(file.length() - log.getValue(), 16 * 1024 * 1024)];
                file.readFully(written);
                List<String> warnings = new String(written, StandardCharsets.UTF_8).lines()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
                System.out.printf("%s: %d warnings and errors during these runs%s%n", log.getKey().getFileName(),
                        warnings.size(), warnings.size() > 40 ? " (last 40)" : "");
                warnings.subList(Math.max(0, warnings.size() - 40), warnings.size()).forEach(System.out::println);
            }
        }
    }
}
