package io.latchkey.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.latchkey.testkit.TestPostgres;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The platform as {@code infra/local/run.sh} runs it: the four packaged services, the gateway and the
 * Kafka broker as processes (so that a test can stop, kill and restart any of them), on a real
 * PostgreSQL from {@code infra/lib/testkit}, with an OIDC provider
 * (WireMock, real signed tokens) for the admin API and the {@code local} SMS provider writing to a
 * file. Started once for all test classes ({@link #get()} from a {@code @BeforeAll}); JUnit closes it
 * after the last one, because it lives in the root context's store.
 */
final class Platform implements ExtensionContext.Store.CloseableResource {

    static final String BOOTSTRAP_API_KEY = "system-test-bootstrap-key-0123456789abcdef";
    /** Low enough for a test to reach, above what any other sequence sends to one number (one or two messages). */
    static final int LIMIT_PER_APPLICATION_AND_NUMBER = 3;
    static final int LIMIT_PER_NUMBER = 5;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Instances of each service behind the gateway ({@code -Dlatchkey.replicas=2}; docs/operations.md "Scaling"):
     * the second is named {@code <service>-2}, and so on.
     */
    static final int REPLICAS = Integer.getInteger("latchkey.replicas", 1);
    private static Platform started;

    private final Path root = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private final Path target = Path.of("target").toAbsolutePath();
    private final Path logs = target.resolve("system-logs");
    private final Map<String, Launched> processes = new LinkedHashMap<>();
    private final Set<String> extraInstances = new HashSet<>();
    private TestPostgres database;
    private BrokerProcess broker;
    private final OidcWiremockTestResource identityProvider = new OidcWiremockTestResource();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path outboxFile;
    private String baseUrl;

    /** Starts the platform on first use and leaves it to JUnit to close after the last test class. */
    static synchronized Platform start(ExtensionContext context) {
        if (started == null) {
            Platform platform = new Platform();
            platform.start();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(Platform.class, platform);
            started = platform;
        }
        return started;
    }

    static synchronized Platform get() {
        if (started == null) {
            throw new IllegalStateException("the platform is started by @ExtendWith(Platform.Started.class)");
        }
        return started;
    }

    /** Put on every test class: starts the platform before its first test. */
    static final class Started implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            start(context);
        }
    }

    @Override
    public void close() {
        stop();
    }

    String baseUrl() {
        return baseUrl;
    }

    BrokerProcess broker() {
        return broker;
    }

    TestPostgres database() {
        return database;
    }

    /** {@code http://localhost:port} of a service ({@code user}, {@code token}, {@code push}, {@code notifier}) or the gateway. */
    String urlOf(String process) {
        return "http://localhost:" + processes.get(process).port();
    }

    /** The management interface of a process ({@code http://localhost:port/q}): health, metrics, OpenAPI. */
    String managementUrlOf(String process) {
        return "http://localhost:" + processes.get(process).managementPort() + "/q";
    }

    /** SIGKILL of one process; the others go on. */
    void kill(String process) throws InterruptedException {
        Launched launched = processes.get(process);
        launched.process().destroyForcibly();
        launched.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts a killed process again with the same port, database and settings, without waiting for it. */
    void startAgain(String process) throws IOException {
        Launched launched = processes.get(process);
        processes.put(process, launched.withProcess(launch(process, launched.jar(), launched.heap(), launched.env(), true)));
    }

    /**
     * Starts a second instance of a service ({@code <service>-2}: same database, broker and settings, its own
     * port), not behind the gateway, and waits until it is ready; returns its URL.
     */
    String startSecondInstance(String service) throws IOException {
        if (processes.containsKey(service + "-2")) {
            return urlOf(service + "-2"); // started with the platform (REPLICAS > 1), behind the gateway too
        }
        extraInstances.add(service + "-2");
        Launched first = processes.get(service);
        int port = freePort();
        int managementPort = freePort();
        Map<String, String> env = new HashMap<>(first.env());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        String name = service + "-2";
        processes.put(name, new Launched(first.jar(), first.heap(), env, port, managementPort,
                launch(name, first.jar(), first.heap(), env, false)));
        awaitReady(name + "-service", managementUrlOf(name) + "/health/ready");
        return "http://localhost:" + port;
    }

    /** Stops a process started by {@link #startSecondInstance} (gracefully: it leaves its consumer groups). */
    void stopSecondInstance(String service) throws InterruptedException {
        if (!extraInstances.remove(service + "-2")) {
            return;
        }
        Launched launched = processes.remove(service + "-2");
        if (launched != null) {
            launched.process().destroy();
            if (!launched.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                launched.process().destroyForcibly();
            }
        }
    }

    /** The HTTP status of {@code /q/health/<group>} of a service: {@code ready}, {@code live} or {@code well}. */
    int health(String process, String group) {
        return statusOf(managementUrlOf(process) + "/health/" + group);
    }

    /** Where every process of the platform logs (one file each). */
    Path logs() {
        return logs;
    }

    /** Everything the {@code local} provider "sent", one JSON line a message. */
    Path outboxFile() {
        return outboxFile;
    }

    /** A bearer token of an administrator (role {@code latchkey-admin}) signed by the test identity provider. */
    String adminToken() {
        return OidcWiremockTestResource.getAccessToken("admin", Set.of("latchkey-admin"));
    }

    private void start() {
        try {
            Files.createDirectories(logs);
            outboxFile = target.resolve("system-outbox.jsonl");
            Files.deleteIfExists(outboxFile);
            database = TestPostgres.start();
            broker = BrokerProcess.start(target.resolve("system-broker"), logs.resolve("kafka.log"));
            String oidcUrl = identityProvider.start().get("keycloak.url");
            String jdbcServer = database.jdbcUrl();
            String dbUser = database.username();
            String dbPassword = database.password();
            String suffix = UUID.randomUUID().toString().substring(0, 8);

            int gatewayPort = freePort();
            baseUrl = "http://localhost:" + gatewayPort;
            Map<String, String> common = new LinkedHashMap<>();
            common.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            common.put("QUARKUS_DATASOURCE_USERNAME", dbUser);
            common.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword);
            common.put("LATCHKEY_BOOTSTRAP_API_KEY", BOOTSTRAP_API_KEY);
            common.put("LATCHKEY_OUTBOX_FILE", outboxFile.toString());
            common.put("LATCHKEY_NOTIFIER_PROVIDER", "local");
            common.put("LATCHKEY_CODE_HMAC_KEY", "c3lzdGVtLXRlc3QtY29kZS1obWFjLWtleS0zMi1ieXQ=");
            common.put("LATCHKEY_CRYPTO_KEYS", "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
            common.put("LATCHKEY_PUBLIC_BASE_URL", baseUrl);
            // OneTouch callbacks go to a receiver on loopback, as in the local run
            common.put("LATCHKEY_OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
            // the fault matrix sends many approval requests to a few users with devices
            common.put("LATCHKEY_ONETOUCH_MAX_OPEN_PER_USER", "1000000");
            common.put("LATCHKEY_OIDC_ENABLED", "true");
            common.put("LATCHKEY_OIDC_AUTH_SERVER_URL", oidcUrl + "/realms/quarkus/");
            common.put("LATCHKEY_OIDC_CLIENT_ID", "quarkus-service-app");
            common.put("QUARKUS_OIDC_TOKEN_ISSUER", "https://server.example.com");
            common.put("LATCHKEY_DESTINATION_LIMITS_PER_NUMBER", String.valueOf(LIMIT_PER_APPLICATION_AND_NUMBER));
            common.put("LATCHKEY_DESTINATION_LIMITS_PER_NUMBER_ALL_APPLICATIONS", String.valueOf(LIMIT_PER_NUMBER));
            // consumer group joins and assignments in the services' logs: what a read that waited for a projection met
            common.put("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA_CLIENTS_CONSUMER_INTERNALS__LEVEL", "INFO");

            Map<String, List<String>> serviceUrls = new LinkedHashMap<>();
            for (String service : List.of("user", "token", "push", "notifier")) {
                String database = "latchkey_" + suffix + "_" + service;
                execute(jdbcServer, dbUser, dbPassword, "create database " + database);
                Path jar = root.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
                List<String> urls = new ArrayList<>();
                for (int instance = 1; instance <= REPLICAS; instance++) {
                    String name = instance == 1 ? service : service + "-" + instance;
                    int port = freePort();
                    int managementPort = freePort();
                    Map<String, String> env = new HashMap<>(common);
                    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
                    env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
                    env.put("QUARKUS_DATASOURCE_JDBC_URL", withDatabase(jdbcServer, database));
                    processes.put(name, new Launched(jar, "256m", env, port, managementPort,
                            launch(name, jar, "256m", env, false)));
                    urls.add("http://localhost:" + port);
                }
                serviceUrls.put(service, urls);
            }
            Map<String, String> gatewayEnv = new HashMap<>();
            gatewayEnv.put("QUARKUS_HTTP_PORT", String.valueOf(gatewayPort));
            int gatewayManagementPort = freePort();
            gatewayEnv.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(gatewayManagementPort));
            serviceUrls.forEach((service, urls) -> gatewayEnv.put(
                    "LATCHKEY_" + service.toUpperCase() + "_SERVICE_URL", String.join(",", urls)));
            Path gatewayJar = root.resolve("infra/gateway/target/quarkus-app/quarkus-run.jar");
            processes.put("gateway", new Launched(gatewayJar, "128m", gatewayEnv, gatewayPort, gatewayManagementPort,
                    launch("gateway", gatewayJar, "128m", gatewayEnv, false)));

            for (String process : processes.keySet()) {
                if (!process.equals("gateway")) {
                    awaitReady(process + "-service", managementUrlOf(process) + "/health/ready");
                }
            }
            awaitReady("gateway", managementUrlOf("gateway") + "/health/ready");
            // Setup, not a step under test: the bootstrap application is published once messaging is up at start-up.
            awaitCondition("the bootstrap application on every service", () -> status("/protected/json/app/details") == 200
                    && status("/protected/json/phones/verification/check") == 400
                    && status("/onetouch/json/approval_requests/" + UUID.randomUUID()) == 404);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException(e);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    /** A process of the platform and how to start it again. */
    private record Launched(Path jar, String heap, Map<String, String> env, int port, int managementPort, Process process) {
        Launched withProcess(Process started) {
            return new Launched(jar, heap, env, port, managementPort, started);
        }
    }

    private Process launch(String name, Path jar, String heap, Map<String, String> env, boolean again) throws IOException {
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: run the reactor (./mvnw verify), which packages every service before this module");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = logs.resolve((name.equals("gateway") ? name : name + "-service") + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + heap, "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(again ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    private void awaitReady(String name, String url) {
        awaitCondition(name + " ready (logs in " + logs + ")", () -> {
            for (Launched launched : processes.values()) {
                if (!launched.process().isAlive()) {
                    fail("a platform process exited while waiting for " + name + "; logs in " + logs);
                }
            }
            return statusOf(url) == 200;
        });
    }

    static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " not within " + READY_TIMEOUT);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    private int status(String path) {
        return statusOf(baseUrl + path, "X-Authy-API-Key", BOOTSTRAP_API_KEY);
    }

    private int statusOf(String url, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private synchronized void stop() {
        for (Launched launched : processes.values()) {
            launched.process().destroy();
        }
        for (Process process : processes.values().stream().map(Launched::process).toList()) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        // cleanup after the tests have answered: a broker that complains while stopping is reported, not a failure
        try {
            identityProvider.stop();
            if (broker != null) {
                broker.close();
            }
            if (database != null) {
                database.close();
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("stopping the broker, database or identity provider: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("stopping the broker, database or identity provider: " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** jdbc:postgresql://host:port/db?params -> the same server, another database. */
    private static String withDatabase(String serverUrl, String database) {
        int hostStart = serverUrl.indexOf("//") + 2;
        int pathStart = serverUrl.indexOf('/', hostStart);
        int queryStart = serverUrl.indexOf('?');
        String query = queryStart < 0 ? "" : serverUrl.substring(queryStart);
        return serverUrl.substring(0, pathStart) + "/" + database + query;
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + sql, e);
        }
    }
}
