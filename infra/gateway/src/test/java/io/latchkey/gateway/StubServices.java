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
 * Four JDK HTTP servers standing in for the services: each answers with its name and what it
 * received, so a test sees where a request went and in what form it arrived.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, HttpServer> SERVERS = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String service : List.of("user", "token", "push", "notifier")) {
            HttpServer server = stub(service, 0);
            SERVERS.put(service, server);
            config.put("latchkey.gateway.services." + service, "http://127.0.0.1:" + server.getAddress().getPort());
        }
        return config;
    }

    /** Stops the stand-in of {@code service} (a service that is down) until {@link #restart}. */
    static void stop(String service) {
        SERVERS.get(service).stop(0);
    }

    /** Starts the stand-in of {@code service} again on the port the gateway knows. */
    static void restart(String service) {
        SERVERS.put(service, stub(service, SERVERS.get(service).getAddress().getPort()));
    }

    private static HttpServer stub(String service, int port) {
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
                String answer = "{\"service\":\"" + service + "\",\"method\":\"" + exchange.getRequestMethod()
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
