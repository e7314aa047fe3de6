package io.latchkey.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The platform exactly as an operator runs it on a laptop: {@code infra/local/run.sh} with Keycloak, the broker,
 * PostgreSQL, every service, the gateway and the console, on ports of its own (so that a developer's own run on the
 * default ports is left alone) and a fresh state directory under target/. Closing it sends SIGTERM, as Ctrl-C does.
 */
final class LocalRun implements AutoCloseable {

    /** run.sh's ports, each its default + 10000 (PostgreSQL's - 20000: 64329 is above the ephemeral range's start). */
    static final Map<String, Integer> PORTS = Map.ofEntries(
            Map.entry("LATCHKEY_HTTP_PORT", 18080), Map.entry("LATCHKEY_GATEWAY_MANAGEMENT_PORT", 19080),
            Map.entry("LATCHKEY_USER_SERVICE_PORT", 18081), Map.entry("LATCHKEY_USER_SERVICE_MANAGEMENT_PORT", 19081),
            Map.entry("LATCHKEY_TOKEN_SERVICE_PORT", 18082), Map.entry("LATCHKEY_TOKEN_SERVICE_MANAGEMENT_PORT", 19082),
            Map.entry("LATCHKEY_PUSH_SERVICE_PORT", 18083), Map.entry("LATCHKEY_PUSH_SERVICE_MANAGEMENT_PORT", 19083),
            Map.entry("LATCHKEY_NOTIFIER_SERVICE_PORT", 18084),
            Map.entry("LATCHKEY_NOTIFIER_SERVICE_MANAGEMENT_PORT", 19084),
            Map.entry("LATCHKEY_CONSOLE_PORT", 18085), Map.entry("LATCHKEY_CONSOLE_MANAGEMENT_PORT", 19085),
            Map.entry("LATCHKEY_POSTGRES_PORT", 34329),
            Map.entry("LATCHKEY_KAFKA_PORT", 19092), Map.entry("LATCHKEY_KAFKA_CONTROLLER_PORT", 19093),
            Map.entry("LATCHKEY_KEYCLOAK_PORT", 18180), Map.entry("LATCHKEY_KEYCLOAK_MANAGEMENT_PORT", 19180));
    private static final Duration READY = Duration.ofMinutes(8);

    final Path root = Path.of("").toAbsolutePath().resolve("../..").normalize();
    final Path state = Path.of("target", "browser-run").toAbsolutePath();
    private final Process process;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    LocalRun() throws IOException {
        deleteRecursively(state);
        Files.createDirectories(state);
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("infra/local/run.sh").toString())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("LATCHKEY_STATE_DIR", state.toString());
        // a recording of the JDK's AOT cache slows the first start and is written at exit: not for a test
        env.put("LATCHKEY_AOT_CACHE", "off");
        PORTS.forEach((name, port) -> env.put(name, String.valueOf(port)));
        process = builder.start();
        Path log = state.resolve("run.log");
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    if (line.contains("Latchkey is running.")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("run.sh ended before the platform was ready; see "
                    + log));
        });
        try {
            ready.get(READY.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the platform was not ready within " + READY + "; see " + log, e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + PORTS.get("LATCHKEY_HTTP_PORT");
    }

    String installationSecret(String file) throws IOException {
        return Files.readString(state.resolve(file)).trim();
    }

    @Override
    public void close() {
        process.toHandle().destroy(); // SIGTERM: run.sh stops what it started
        try {
            if (!process.waitFor(150, TimeUnit.SECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
