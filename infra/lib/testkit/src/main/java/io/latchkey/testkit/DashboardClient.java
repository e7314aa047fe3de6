package io.latchkey.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.restassured.path.json.JsonPath;

/**
 * A dashboard API client written from the documentation (docs/authy-api.md §4) and AuthySE/webhooks-api, not
 * from the server's code: parameters encoded as node's {@code qs} does (RFC 3986, brackets for arrays), sorted
 * by name, spaces as {@code +}; {@code nonce|METHOD|url|params} signed with HMAC-SHA256; sent as a form body on
 * every method, as the samples' curl calls do. Used by push-service's tests and the system tests.
 */
public final class DashboardClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicLong NONCES = new AtomicLong(System.currentTimeMillis());

    public final String baseUrl;
    public final String apiKey;
    public final String accessKey;
    public final String signingKey;

    public DashboardClient(String baseUrl, String apiKey, String accessKey, String signingKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.accessKey = accessKey;
        this.signingKey = signingKey;
    }

    public record Answer(int status, JsonPath json, String body) {
    }

    public Answer create(String name, String url, String... events) {
        List<Map.Entry<String, String>> params = new ArrayList<>(keys());
        params.add(Map.entry("url", url));
        params.add(Map.entry("name", name));
        for (String event : events) {
            params.add(Map.entry("events[]", event));
        }
        return send("POST", "/dashboard/json/application/webhooks", params, nextNonce());
    }

    public Answer list() {
        return send("GET", "/dashboard/json/application/webhooks", keys(), nextNonce());
    }

    public Answer delete(String id) {
        return send("DELETE", "/dashboard/json/application/webhooks/" + id, keys(), nextNonce());
    }

    public List<Map.Entry<String, String>> keys() {
        return List.of(Map.entry("app_api_key", apiKey), Map.entry("access_key", accessKey));
    }

    /** The nonce shape of AuthySE/webhooks-api in production ({@code n() + "." + n()}). */
    public static String nextNonce() {
        return NONCES.incrementAndGet() + "." + NONCES.incrementAndGet();
    }

    public Answer send(String method, String path, List<Map.Entry<String, String>> params, String nonce) {
        return send(method, path, params, nonce, signature(method, baseUrl + path, params, nonce));
    }

    public Answer send(String method, String path, List<Map.Entry<String, String>> params, String nonce, String signature) {
        String form = String.join("&", params.stream().map(param -> qs(param.getKey()) + "=" + qs(param.getValue())).toList());
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Authy-Signature-Nonce", nonce)
                .header("X-Authy-Signature", signature)
                .method(method, HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JsonPath.from(response.body()), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String signature(String method, String url, List<Map.Entry<String, String>> params, String nonce) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
        sorted.sort(Comparator.comparing(Map.Entry::getKey)); // stable: array elements keep their order
        String query = String.join("&", sorted.stream().map(param -> qs(param.getKey()) + "=" + qs(param.getValue())).toList())
                .replace("%20", "+");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((nonce + "|" + method + "|" + url + "|" + query)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, as node's qs does by default. */
    private static String qs(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
