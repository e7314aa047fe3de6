package io.latchkey.load.driver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/** How the driver calls a Latchkey base URL: as an Authy client does, with the application's API key. */
final class Calls {

    // HTTP/1.1 with a pool of kept-alive connections, as the official clients call (the JDK's default, HTTP/2 over
    // cleartext, would multiplex every call on one connection, which no Authy client does)
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final String baseUrl;
    private final String apiKey;

    Calls(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
    }

    /** A call of the Authy API ({@code path} below the base URL), answered asynchronously. */
    CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> postJson(String path, String json) {
        return http.sendAsync(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> postForm(String path, String form) {
        return http.sendAsync(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An operator's call of the admin API, with an OIDC bearer token instead of the API key (unmeasured set-up). */
    HttpResponse<String> admin(String path, String contentType, String body, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String baseUrl() {
        return baseUrl;
    }

    String apiKey() {
        return apiKey;
    }

    private HttpRequest.Builder request(String path) {
        // a client gives up after about this long; an answer later than that is an error, not a latency
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("X-Authy-API-Key", apiKey);
    }
}
