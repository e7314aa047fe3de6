package io.latchkey.load.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import io.latchkey.load.driver.FixedRate.Step;

/**
 * The load driver (docs/performance.md): for each scenario, the highest fixed rate whose p99 latency, measured
 * from each call's intended send time, stays under a target with at most 1% errors; then the latency at half
 * that rate. Prints a table and writes the steps as JSON. Runs against any Latchkey base URL.
 *
 * <pre>java -cp infra/load/target/latchkey-load.jar io.latchkey.load.driver.LoadDriver \
 *     --api-key="$(cat .latchkey/bootstrap-api-key)" [--base-url=http://localhost:8080] [--scenarios=app-details,verify-wrong]
 *     [--p99-target-ms=10] [--step-seconds=10] [--min-step-calls=1000] [--start-rate=50] [--growth=1.5] [--max-rate=20000] [--users=1000]
 *     [--warmup-calls=5000] [--warmup-seconds=0] [--settle-seconds=20] [--json=load-results.json]
 *     [--admin-token=TOKEN] [--totp-users=20000] [--outbox-file=.latchkey/outbox.jsonl] [--sms-users=10000] [--device-users=200]</pre>
 * The scenarios and what each needs are in docs/performance.md "Scenarios".
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    record Result(String scenario, Step best, Step firstOverTarget, Step atHalf, List<Step> steps) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String apiKey = options.get("api-key");
        if (apiKey == null) {
            System.err.println("usage: LoadDriver --api-key=KEY [--base-url=URL] [--scenarios=a,b] [--p99-target-ms=10] "
                    + "[--step-seconds=10] [--min-step-calls=1000] [--start-rate=50] [--growth=1.5] [--max-rate=20000] [--users=1000] [--warmup-calls=5000] "
                    + "[--warmup-seconds=0] [--settle-seconds=20] [--json=FILE] [--admin-token=TOKEN] [--totp-users=20000] [--outbox-file=FILE] [--sms-users=10000] "
                    + "[--device-users=200]");
            System.exit(2);
        }
        String baseUrl = options.getOrDefault("base-url", "http://localhost:8080");
        double targetMillis = Double.parseDouble(options.getOrDefault("p99-target-ms", "10"));
        Duration step = Duration.ofSeconds(Long.parseLong(options.getOrDefault("step-seconds", "10")));
        long minStepCalls = Long.parseLong(options.getOrDefault("min-step-calls", "1000"));
        double startRate = Double.parseDouble(options.getOrDefault("start-rate", "50"));
        double growth = Double.parseDouble(options.getOrDefault("growth", "1.5"));
        double maxRate = Double.parseDouble(options.getOrDefault("max-rate", "20000"));
        Path json = Path.of(options.getOrDefault("json", "load-results.json"));
        int warmUpCalls = Integer.parseInt(options.getOrDefault("warmup-calls", "5000"));
        Duration warmUpTime = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-seconds", "0")));
        Duration settle = Duration.ofSeconds(Long.parseLong(options.getOrDefault("settle-seconds", "20")));
        Setup setup = new Setup(Integer.parseInt(options.getOrDefault("users", "1000")),
                Integer.parseInt(options.getOrDefault("totp-users", "20000")),
                Integer.parseInt(options.getOrDefault("sms-users", "10000")),
                Integer.parseInt(options.getOrDefault("device-users", "200")),
                Optional.ofNullable(options.get("admin-token")).or(() -> Optional.ofNullable(System.getenv("LATCHKEY_ADMIN_TOKEN"))),
                Optional.ofNullable(options.get("outbox-file")).map(Path::of));
        Map<String, Scenario> scenarios = Scenarios.all(setup);
        List<String> names = options.containsKey("scenarios") ? List.of(options.get("scenarios").split(","))
                : List.copyOf(scenarios.keySet());

        Calls calls = new Calls(baseUrl, apiKey);
        List<Result> results = new ArrayList<>();
        for (String name : names) {
            Scenario scenario = scenarios.get(name);
            if (scenario == null) {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: " + scenarios.keySet());
            }
            scenario.prepare(calls);
            warmUp(scenario, calls, scenario.warmUpCalls(warmUpCalls), warmUpTime);
            // what the warm-up started and has not finished (SMS the notifier still sends, events still consumed)
            // would otherwise be measured as the first step's latency
            Thread.sleep(settle);
            results.add(search(scenario, calls, targetMillis, step, minStepCalls, startRate, growth, maxRate));
        }
        setup.close();
        System.out.println();
        System.out.println(table(results, targetMillis));
        Files.writeString(json, json(results, baseUrl, targetMillis, step, minStepCalls));
        System.out.println("steps written to " + json.toAbsolutePath());
    }

    /**
     * Calls as fast as 16 clients can, unmeasured, {@code count} calls and for at least {@code minimum} (none when
     * the scenario wants no warm-up calls): a JVM that has just started answers at a fraction of its speed until the
     * JIT has compiled the hot paths, and the connection pools and caches are filled. On two cores the JIT needs
     * minutes, not a number of calls (docs/performance.md "Warm-up"), hence the time.
     */
    static void warmUp(Scenario scenario, Calls calls, int count, Duration minimum) throws InterruptedException {
        Semaphore inFlight = new Semaphore(16);
        long until = System.nanoTime() + minimum.toNanos();
        for (long n = 0; count > 0 && (n < count || System.nanoTime() - until < 0); n++) {
            inFlight.acquire();
            scenario.call(calls, n).whenComplete((expected, failure) -> inFlight.release());
        }
        inFlight.acquire(16);
    }

    /** Raises the rate step by step until p99 or the errors pass the target. */
    static Result search(Scenario scenario, Calls calls, double targetMillis, Duration step, long minStepCalls,
            double startRate, double growth, double maxRate) throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        Step best = null;
        Step over = null;
        for (double rate = startRate; rate <= maxRate; rate *= growth) {
            Step measured = FixedRate.run(scenario, calls, rate, length(step, minStepCalls, rate));
            steps.add(measured);
            System.out.println(line(measured));
            if (measured.percentileMillis(99) > targetMillis || measured.errorRatio() > 0.01) {
                over = measured;
                break;
            }
            best = measured;
        }
        if (best != null) {
            // the step over the target left a backlog (queued requests, events still being consumed): let it drain,
            // or the half-rate step measures the recovery instead of the rate
            Thread.sleep(step.multipliedBy(2));
        }
        Step half = best == null ? null
                : FixedRate.run(scenario, calls, best.rate() / 2, length(step, minStepCalls, best.rate() / 2));
        if (half != null) {
            System.out.println(line(half) + "  (half the highest rate)");
        }
        return new Result(scenario.name(), best, over, half, steps);
    }

    /**
     * At least {@code step}, and long enough for {@code minCalls} calls: the p99 of 200 calls is their second slowest,
     * so one pause of a process (a garbage collection on a shared CPU) would decide a short step at a low rate
     * alone, while at a high rate the same pause is a fraction of a percent of the calls.
     */
    static Duration length(Duration step, long minCalls, double rate) {
        Duration enough = Duration.ofNanos((long) Math.ceil(minCalls / rate * 1e9));
        return enough.compareTo(step) > 0 ? enough : step;
    }

    private static String line(Step step) {
        return String.format(Locale.ROOT, "%-14s %8.0f/s  %7d calls  %5d errors  p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms",
                step.scenario(), step.rate(), step.calls(), step.errors(), step.percentileMillis(50),
                step.percentileMillis(99), step.latencyMicros().getMaxValue() / 1000.0);
    }

    static String table(List<Result> results, double targetMillis) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "| scenario | highest rate with p99 <= %.0f ms | p50 | p99 | errors | p99 at half that rate |%n|---|---|---|---|---|---|%n",
                targetMillis));
        for (Result result : results) {
            Step best = result.best();
            table.append(best == null
                    ? String.format(Locale.ROOT, "| %s | none (already %.2f ms at %.0f/s) | | | | |%n", result.scenario(),
                            result.firstOverTarget().percentileMillis(99), result.firstOverTarget().rate())
                    : String.format(Locale.ROOT, "| %s | %.0f/s | %.2f ms | %.2f ms | %.2f%% | %.2f ms |%n", result.scenario(),
                            best.rate(), best.percentileMillis(50), best.percentileMillis(99), 100 * best.errorRatio(),
                            result.atHalf().percentileMillis(99)));
        }
        return table.toString();
    }

    private static String json(List<Result> results, String baseUrl, double targetMillis, Duration step, long minStepCalls) {
        StringBuilder json = new StringBuilder("{\"when\":\"" + Instant.now() + "\",\"base_url\":\"" + baseUrl
                + "\",\"driver_cores\":" + Runtime.getRuntime().availableProcessors() + ",\"java\":\"" + Runtime.version()
                + "\",\"p99_target_ms\":" + targetMillis + ",\"step_seconds\":" + step.toSeconds() + ",\"min_step_calls\":" + minStepCalls + ",\"scenarios\":[");
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(result.scenario()).append("\",\"highest_rate\":")
                    .append(result.best() == null ? "null" : String.valueOf(result.best().rate()))
                    .append(",\"at_half\":").append(result.atHalf() == null ? "null" : stepJson(result.atHalf()))
                    .append(",\"steps\":[");
            for (int s = 0; s < result.steps().size(); s++) {
                json.append(s == 0 ? "" : ",").append(stepJson(result.steps().get(s)));
            }
            json.append("]}");
        }
        return json.append("]}\n").toString();
    }

    private static String stepJson(Step step) {
        return String.format(Locale.ROOT,
                "{\"rate\":%.1f,\"calls\":%d,\"errors\":%d,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f}",
                step.rate(), step.calls(), step.errors(), step.percentileMillis(50), step.percentileMillis(90),
                step.percentileMillis(99), step.percentileMillis(99.9), step.latencyMicros().getMaxValue() / 1000.0);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
