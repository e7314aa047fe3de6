package io.latchkey.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-loop load generator against a running stack (infra/local/run.sh), through the gateway as an
 * Authy client would call it: {@code users/new}, then {@code users/{id}/status}, {@code app/details} and
 * {@code verify} of a known user.
 * Prints throughput and latency percentiles per call; nothing is asserted.
 *
 * <pre>java -jar infra/load/target/latchkey-load.jar \
 *     http://localhost:8080 "$(cat .latchkey/bootstrap-api-key)" 20 16</pre>
 * arguments: base URL, API key, seconds per phase, concurrent clients.
 */
public final class AuthyApiLoad {

    private static final Pattern USER_ID = Pattern.compile("\"id\":(\\d+)");

    private AuthyApiLoad() {
    }

    record Result(String name, long requests, long errors, double seconds, long[] latenciesMicros) {
        String report() {
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return String.format("%-22s %8d req  %5d errors  %8.0f req/s  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms",
                    name, requests, errors, requests / seconds, percentile(sorted, 50), percentile(sorted, 95),
                    percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
        }

        private static double percentile(long[] sorted, int p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AuthyApiLoad <base URL> <API key> [seconds per phase, 20] [clients, 16]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        String apiKey = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // a run's own number block, so that repeated runs register new users rather than find old ones
        int block = ThreadLocalRandom.current().nextInt(200, 999);
        AtomicInteger nextPhone = new AtomicInteger();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();

        warmUp(http, base, apiKey);
        List<Result> results = new ArrayList<>();
        results.add(phase("users/new", seconds, clients, http, n -> {
            int i = nextPhone.getAndIncrement();
            String body = "{\"user\":{\"email\":\"load" + i + "@example.com\",\"cellphone\":\"775-" + block + "-"
                    + String.format("%04d", i % 10_000) + "\",\"country_code\":\"1\"},\"send_install_link_via_sms\":false}";
            return HttpRequest.newBuilder(URI.create(base + "/protected/json/users/new"))
                    .header("X-Authy-API-Key", apiKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }, response -> {
            Matcher id = USER_ID.matcher(response);
            if (id.find()) {
                ids.add(id.group(1));
            }
        }));
        List<String> known = new ArrayList<>(ids);
        if (known.isEmpty()) {
            throw new IllegalStateException("no user was created; is the stack up and the key right?");
        }
        results.add(phase("users/{id}/status", seconds, clients, http, n -> HttpRequest.newBuilder(URI.create(base
                + "/protected/json/users/" + known.get(ThreadLocalRandom.current().nextInt(known.size())) + "/status"))
                .header("X-Authy-API-Key", apiKey).GET().build(), response -> {
                }));
        results.add(phase("app/details", seconds, clients, http, n -> HttpRequest.newBuilder(URI.create(base
                + "/protected/json/app/details")).header("X-Authy-API-Key", apiKey).GET().build(), response -> {
                }));
        // token-service's hot path for a known user: API key, projection lookup, the registration check
        // (these users are not registered, so the answer is Authy's "not checked", with no lockout to trip)
        results.add(phase("verify (known user)", seconds, clients, http, n -> HttpRequest.newBuilder(URI.create(base
                + "/protected/json/verify/0000000/" + known.get(ThreadLocalRandom.current().nextInt(known.size()))))
                .header("X-Authy-API-Key", apiKey).GET().build(), response -> {
                }));
        System.out.printf("%d clients, %d s per phase, against %s (%d distinct users created)%n", clients, seconds, base,
                known.size());
        results.forEach(result -> System.out.println(result.report()));
    }

    private static void warmUp(HttpClient http, String base, String apiKey) throws Exception {
        HttpRequest details = HttpRequest.newBuilder(URI.create(base + "/protected/json/app/details"))
                .header("X-Authy-API-Key", apiKey).GET().build();
        for (int i = 0; i < 200; i++) {
            http.send(details, HttpResponse.BodyHandlers.discarding());
        }
    }

    private static Result phase(String name, int seconds, int clients, HttpClient http, IntFunction<HttpRequest> request,
            java.util.function.Consumer<String> onBody) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    long[] mine = new long[1 << 16];
                    int count = 0;
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> response = http.send(request.apply(count), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                            } else {
                                onBody.accept(response.body());
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                        }
                        mine[count++] = (System.nanoTime() - t0) / 1000;
                    }
                    latencies.add(Arrays.copyOf(mine, count));
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(name, all.length, errors.get(), elapsed, all);
    }
}
