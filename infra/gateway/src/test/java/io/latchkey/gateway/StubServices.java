package io.latchkey.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Four JDK HTTP servers standing in for the services: each answers with its name and what it
 * received, so a test sees where a request went and in what form it arrived.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    private final List<HttpServer> servers = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String service : List.of("user", "token", "push", "notifier")) {
            HttpServer server = stub(service);
            servers.add(server);
            config.put("latchkey.gateway.services." + service, "http://127.0.0.1:" + server.getAddress().getPort());
        }
        return config;
    }

    private static HttpServer stub(String service) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String apiKey = String.valueOf(exchange.getRequestHeaders().getFirst("X-Authy-API-Key"));
                String answer = "{\"service\":\"" + service + "\",\"method\":\"" + exchange.getRequestMethod()
                        + "\",\"uri\":\"" + exchange.getRequestURI() + "\",\"api_key\":\"" + apiKey
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

    @Override
    public void stop() {
        servers.forEach(server -> server.stop(0));
    }
}
