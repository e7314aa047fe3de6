package io.latchkey.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

/**
 * A one-node KRaft Kafka broker as its own process (as {@code infra/local/run.sh} runs it), so that a
 * test can stop it (SIGSTOP), kill it (SIGKILL) and start it again on the same port and data.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final Path log;
    private final int port;
    private Process process;

    private BrokerProcess(Path dir, Path log, int port) {
        this.dir = dir;
        this.log = log;
        this.port = port;
    }

    static BrokerProcess start(Path dir, Path log) throws IOException, InterruptedException {
        int port = freePort();
        int controllerPort = freePort();
        if (Files.exists(dir)) { // a previous run's data: this run formats its own
            try (var old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("server.properties"), String.join("\n", List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false")) + "\n");
        Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", dir.resolve("server.properties").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed, see " + dir.resolve("format.log"));
        }
        BrokerProcess broker = new BrokerProcess(dir, log, port);
        broker.startAgain();
        return broker;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Starts the broker (again) on its port and data, and waits until it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not start, see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** SIGSTOP: the process is there, its port open, and nothing answers (a hung broker, a partition). */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** SIGKILL, as a crashed machine. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process != null && process.isAlive()) {
            resume();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The broker runs from this test's own class path, which has the Kafka server (infra/lib/testkit). */
    private static ProcessBuilder java(String mainClass, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
