package io.latchkey.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;

/**
 * A browser's session with the console, over HTTP: cookies kept, redirects seen one by one. It logs in through the
 * authorization-code flow of the test identity provider, which answers the code with tokens of the given roles.
 */
final class ConsoleSession {

    static final String CLIENT_ID = "latchkey-console";

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI console;
    String accessToken;

    ConsoleSession(URI console) {
        this.console = console;
    }

    record Page(int status, Map<String, java.util.List<String>> headers, String body) {
        Document document() {
            return Jsoup.parse(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    /** Logs in as {@code user} with {@code roles}, then opens {@code path}. */
    Page logIn(WireMockServer identityProvider, String user, Set<String> roles, String path) {
        accessToken = OidcWiremockTestResource.getAccessToken(user, roles);
        String idToken = Jwt.preferredUserName(user).groups(roles).issuer("https://server.example.com")
                .audience(CLIENT_ID).subject(user).expiresIn(300).jws().keyId("1").sign("privateKey.jwk");
        identityProvider.stubFor(WireMock.post("/auth/realms/quarkus/token").withRequestBody(containing("authorization_code"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"access_token":"%s","token_type":"Bearer","expires_in":300,"id_token":"%s",\
                        "refresh_token":"r-%s"}""".formatted(accessToken, idToken, user))));

        Page challenge = get(path);
        assertEquals(302, challenge.status(), "a page without a session sends the browser to the identity provider");
        URI authorize = URI.create(challenge.header("Location"));
        Map<String, String> query = query(authorize);
        assertEquals(CLIENT_ID, query.get("client_id"));
        // the identity provider's login page would now send the browser back with a code
        Page callback = send(HttpRequest.newBuilder(URI.create(query.get("redirect_uri") + "?state="
                + enc(query.get("state")) + "&code=the-code")).GET());
        assertEquals(302, callback.status(), callback.body());
        URI back = URI.create(callback.header("Location"));
        Page landed = get(back.getRawPath() + (back.getRawQuery() == null ? "" : "?" + back.getRawQuery()));
        assertTrue(landed.status() < 300, () -> "after the login: " + landed.status() + " " + landed.body());
        return landed;
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(console.resolve(path)).GET());
    }

    Page post(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(console.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form with a file, as a browser sends {@code enctype="multipart/form-data"}. */
    Page postFile(String path, Map<String, String> fields, String fileField, String fileName, String content) {
        String boundary = "latchkey-test-" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(boundary).append("\r\n").append("Content-Disposition: form-data; name=\"")
                .append(fileField).append("\"; filename=\"").append(fileName).append("\"\r\n")
                .append("Content-Type: text/csv\r\n\r\n").append(content).append("\r\n")
                .append("--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(console.resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** The hidden fields of the page's form at {@code action}, as a browser would send them. */
    static Map<String, String> hiddenFields(Document page, String action) {
        Map<String, String> fields = new LinkedHashMap<>();
        page.select("form[action=" + action + "] input[type=hidden]").forEach(input -> fields.put(input.attr("name"),
                input.attr("value")));
        return fields;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
