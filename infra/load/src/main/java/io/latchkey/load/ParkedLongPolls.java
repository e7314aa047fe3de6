package io.latchkey.load;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.latchkey.devicesim.DeviceSimulator;
import io.latchkey.devicesim.SimulatedDevice;

/**
 * How much N parked OneTouch long-polls cost push-service: registers one device (the simulator, reading the
 * SMS code from the local outbox file), parks N polls ({@code wait=30}) at once, reads push-service's
 * metrics while they wait (parked polls, live threads, heap), then creates one approval request and measures
 * how long each poll takes to answer. Every poll costs the server the same whether N devices or one make
 * them. Nothing is asserted; results go to the console.
 *
 * <pre>java -cp infra/load/target/latchkey-load.jar io.latchkey.load.ParkedLongPolls \
 *     http://localhost:8080 "$(cat .latchkey/bootstrap-api-key)" http://localhost:9083 .latchkey/outbox.jsonl 1000</pre>
 * arguments: base URL, API key, push-service's management interface (for /q/metrics), the local outbox file, polls.
 */
public final class ParkedLongPolls {

    private ParkedLongPolls() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("arguments: <base-url> <api-key> <push-service-url> <outbox-file> <polls>");
            System.exit(2);
        }
        String baseUrl = args[0];
        String apiKey = args[1];
        String pushUrl = args[2];
        Path outbox = Path.of(args[3]);
        int polls = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        String phone = "775" + (2_000_000 + ThreadLocalRandom.current().nextInt(7_000_000));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/protected/json/users/new"))
                .header("X-Authy-API-Key", apiKey).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user[email]=" + URLEncoder.encode("parked-" + phone + "@example.com",
                        StandardCharsets.UTF_8) + "&user[cellphone]=" + phone + "&user[country_code]=1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        if (!id.find()) {
            throw new IllegalStateException("users/new: " + created.statusCode() + " " + created.body());
        }
        long authyId = Long.parseLong(id.group(1));
        Path deviceFile = Files.createTempFile("latchkey-parked", ".json");
        SimulatedDevice device = SimulatedDevice.register(baseUrl, apiKey, authyId, DeviceSimulator.newCodeIn(outbox), deviceFile);

        double threadsBefore = metric(http, pushUrl, "jvm_threads_live_threads");
        double heapBefore = metric(http, pushUrl, "jvm_memory_used_bytes{area=\"heap\"");
        long started = System.nanoTime();
        List<CompletableFuture<Long>> answered = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            answered.add(device.pendingAsync(http, 30).thenApply(response -> System.nanoTime()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double parked = 0;
        while (parked < polls && System.nanoTime() < deadline) {
            Thread.sleep(200);
            parked = metric(http, pushUrl, "latchkey_onetouch_parked_polls");
        }
        double threadsParked = metric(http, pushUrl, "jvm_threads_live_threads");
        double heapParked = metric(http, pushUrl, "jvm_memory_used_bytes{area=\"heap\"");
        System.out.printf("parked %d polls in %.1f s%n", (long) parked, (System.nanoTime() - started) / 1e9);

        long wake = System.nanoTime();
        HttpResponse<String> request = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/onetouch/json/users/" + authyId
                + "/approval_requests")).header("X-Authy-API-Key", apiKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("message=Parked+polls")).build(), HttpResponse.BodyHandlers.ofString());
        if (request.statusCode() != 200) {
            throw new IllegalStateException("approval request: " + request.statusCode() + " " + request.body());
        }
        long[] latencies = answered.stream().mapToLong(future -> (future.join() - wake) / 1_000_000).sorted().toArray();
        System.out.printf("""
                polls                         %d
                push-service live threads     %.0f before, %.0f with the polls parked
                push-service heap used (MiB)  %.1f before, %.1f with the polls parked
                answered after the request    p50 %d ms, p99 %d ms, max %d ms (from the create call, incl. its answer)
                """, polls, threadsBefore, threadsParked, heapBefore / 1048576, heapParked / 1048576,
                percentile(latencies, 50), percentile(latencies, 99), latencies[latencies.length - 1]);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** The sum of a Prometheus metric's samples whose line starts with {@code prefix}. */
    private static double metric(HttpClient http, String serviceUrl, String prefix) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Arrays.stream(body.split("\n")).filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
