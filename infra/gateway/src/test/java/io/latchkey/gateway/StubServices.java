package io.latchkey.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * JDK HTTP servers standing in for the services and the console: each answers with its name and what it
 * received, so a test sees where a request went and in what form it arrived.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, HttpServer> SERVERS = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String service : List.of("user", "token", "push", "notifier", "console")) {
            HttpServer server = stub(service, "1", 0);
            SERVERS.put(service, server);
            config.put("latchkey.gateway.services." + service, "http://127.0.0.1:" + server.getAddress().getPort());
        }
        // token-service runs as two instances behind the gateway
        HttpServer second = stub("token", "2", 0);
        SERVERS.put("token-2", second);
        config.compute("latchkey.gateway.services.token", (key, first) -> first + ",http://127.0.0.1:" + second.getAddress().getPort());
        return config;
    }

    /** Stops a stand-in ({@code notifier}, or {@code token} / {@code token-2}: an instance that is down) until {@link #restart}. */
    static void stop(String name) {
        SERVERS.get(name).stop(0);
    }

    /** Starts a stand-in again on the port the gateway knows. */
    static void restart(String name) {
        String service = name.replaceAll("-\\d$", "");
        String instance = name.endsWith("-2") ? "2" : "1";
        SERVERS.put(name, stub(service, instance, SERVERS.get(name).getAddress().getPort()));
    }

    private static HttpServer stub(String service, String instance, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (exchange.getRequestURI().getPath().endsWith("/slow")) {
                    pause(Duration.ofSeconds(5)); // longer than the gateway's %test answer timeout
                }
                String apiKey = String.valueOf(exchange.getRequestHeaders().getFirst("X-Authy-API-Key"));
                String answer = "{\"service\":\"" + service + "\",\"instance\":\"" + instance + "\",\"method\":\"" + exchange.getRequestMethod()
                        + "\",\"uri\":\"" + exchange.getRequestURI() + "\",\"api_key\":\"" + apiKey
                        + "\",\"forwarded_for\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                        + "\",\"forwarded_proto\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")
                        + "\",\"forwarded_host\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-Host")
                        + "\",\"body\":\"" + body.replace("\"", "\\\"") + "\"}";
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(service.equals("push") ? 404 : 200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a stub service", e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        SERVERS.values().forEach(server -> server.stop(0));
    }
}
