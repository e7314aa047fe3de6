package io.latchkey.devicesim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * The command line of {@link SimulatedDevice}: what a developer and the tests use instead of a phone.
 *
 * <pre>
 * java -jar infra/device-simulator/target/latchkey-device.jar register &lt;authy_id&gt;
 * java -jar infra/device-simulator/target/latchkey-device.jar list [--wait N]
 * java -jar infra/device-simulator/target/latchkey-device.jar approve &lt;uuid&gt; [--number N]
 * java -jar infra/device-simulator/target/latchkey-device.jar deny &lt;uuid&gt; [--not-me]
 * java -jar infra/device-simulator/target/latchkey-device.jar totp
 * </pre>
 * Environment (defaults fit {@code infra/local/run.sh}): {@code LATCHKEY_BASE_URL} (http://localhost:8080),
 * {@code LATCHKEY_API_KEY} (else the file {@code .latchkey/bootstrap-api-key}), {@code LATCHKEY_OUTBOX_FILE}
 * ({@code .latchkey/outbox.jsonl}, where the local run writes SMS), {@code LATCHKEY_DEVICE_FILE}
 * ({@code .latchkey/device.json}, the device's key and seed).
 */
public final class DeviceSimulator {

    private static final Pattern CODE = Pattern.compile("\\d{4,10}");

    private DeviceSimulator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        String baseUrl = env("LATCHKEY_BASE_URL", "http://localhost:8080");
        Path deviceFile = Path.of(env("LATCHKEY_DEVICE_FILE", ".latchkey/device.json"));
        try {
            switch (args[0]) {
                case "register" -> {
                    long authyId = Long.parseLong(argument(args, 1, "authy_id"));
                    Path outbox = Path.of(env("LATCHKEY_OUTBOX_FILE", ".latchkey/outbox.jsonl"));
                    SimulatedDevice device = SimulatedDevice.register(baseUrl, apiKey(), authyId, newCodeIn(outbox), deviceFile);
                    System.out.println("registered device " + device.deviceId() + " for user " + authyId + " (" + deviceFile + ")");
                }
                case "list" -> System.out.println(JsonUtil.toJson(
                        SimulatedDevice.load(baseUrl, deviceFile).pending(Integer.parseInt(option(args, "--wait", "0")))));
                case "approve" -> System.out.println(JsonUtil.toJson(SimulatedDevice.load(baseUrl, deviceFile)
                        .decide(argument(args, 1, "uuid"), true, false, option(args, "--number", null))));
                case "deny" -> System.out.println(JsonUtil.toJson(SimulatedDevice.load(baseUrl, deviceFile)
                        .decide(argument(args, 1, "uuid"), false, List.of(args).contains("--not-me"), null)));
                case "totp" -> System.out.println(SimulatedDevice.load(baseUrl, deviceFile).totp());
                default -> usage();
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Waits (30 s at most) for the next message appended to the local outbox file after this call and returns
     * the last run of 4 to 10 digits in its text: the registration code.
     */
    public static Supplier<String> newCodeIn(Path outbox) throws IOException {
        long before = Files.exists(outbox) ? Files.readAllLines(outbox).size() : 0;
        return () -> {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            try {
                while (Instant.now().isBefore(deadline)) {
                    List<String> lines = Files.exists(outbox) ? Files.readAllLines(outbox) : List.of();
                    if (lines.size() > before) {
                        Map<String, Object> message = JsonUtil.parseJson(lines.get(lines.size() - 1));
                        Matcher digits = CODE.matcher(String.valueOf(message.get("text")));
                        String code = null;
                        while (digits.find()) {
                            code = digits.group();
                        }
                        if (code != null) {
                            return code;
                        }
                    }
                    Thread.sleep(200);
                }
            } catch (IOException | JoseException e) {
                throw new IllegalStateException("cannot read " + outbox + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("no registration code in " + outbox + " within 30 s");
        };
    }

    private static String apiKey() throws IOException {
        String key = System.getenv("LATCHKEY_API_KEY");
        return key != null && !key.isBlank() ? key : Files.readString(Path.of(".latchkey/bootstrap-api-key")).trim();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String argument(String[] args, int index, String name) {
        if (args.length <= index || args[index].startsWith("--")) {
            throw new IllegalArgumentException("missing <" + name + ">");
        }
        return args[index];
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void usage() {
        System.out.println("""
                usage: java -jar latchkey-device.jar <command>
                  register <authy_id>        register this device for a user (reads the SMS code from the local outbox)
                  list [--wait N]            the user's pending approval requests and this device's nudges (long-poll N s)
                  approve <uuid> [--number N] approve a request (N: the number the portal shows, with number matching)
                  deny <uuid> [--not-me]     deny a request (--not-me: "this was not me")
                  totp                       the soft token now
                environment: LATCHKEY_BASE_URL, LATCHKEY_API_KEY, LATCHKEY_OUTBOX_FILE, LATCHKEY_DEVICE_FILE""");
    }
}
