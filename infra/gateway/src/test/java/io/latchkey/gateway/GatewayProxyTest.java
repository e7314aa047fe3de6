package io.latchkey.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(StubServices.class)
class GatewayProxyTest {

    @Test
    void usersApiGoesToUserServiceWithBodyAndHeaders() {
        given().header("X-Authy-API-Key", "k1").contentType(ContentType.URLENC)
                .body("user[email]=a@b.co")
                .when().post("/protected/json/users/new?send_install_link_via_sms=false")
                .then().statusCode(200)
                .body("service", equalTo("user"))
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/protected/json/users/new?send_install_link_via_sms=false"))
                .body("api_key", equalTo("k1"))
                .body("body", equalTo("user[email]=a@b.co"));
    }

    @Test
    void tokenPathsGoToTokenService() {
        given().when().get("/protected/json/sms/42?force=true").then().body("service", equalTo("token"));
        given().when().get("/protected/json/verify/1234567/42").then().body("service", equalTo("token"));
        given().when().post("/protected/json/users/42/secret").then().body("service", equalTo("token"));
        given().when().post("/protected/json/phones/verification/start").then().body("service", equalTo("token"));
        given().when().get("/protected/json/users/42/devices").then().body("service", equalTo("token"));
        given().when().post("/protected/json/users/42/devices/1000001/remove").then().body("service", equalTo("token"));
        given().when().post("/protected/json/users/42/devices/registrations").then().body("service", equalTo("token"));
        given().when().post("/devices/registrations/0c9e6f1e-2b7c-4c8e-9a51-3f0d5b2a7e10/complete")
                .then().body("service", equalTo("token"));
        given().when().get("/qr/abc.png").then().body("service", equalTo("token"));
        given().when().get("/protected/json/users/42/status").then().body("service", equalTo("user"));
    }

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void doubleSlashesFromTrailingSlashBaseUrlsAreCollapsed() throws Exception {
        // RestAssured would read "//protected" as a host name, so the raw JDK client sends it
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + gateway.getHost() + ":" + gateway.getPort() + "//protected/json/call/7")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"service\":\"token\""), response.body());
        assertTrue(response.body().contains("\"uri\":\"/protected/json/call/7\""), response.body());
    }

    @Test
    void oneTouchGoesToPushServiceAndItsStatusIsKept() {
        given().when().get("/onetouch/json/approval_requests/abc").then()
                .statusCode(404)
                .body("service", equalTo("push"));
    }

    @Test
    void deliveriesGoToNotifier() {
        given().when().get("/admin/deliveries/5").then().body("service", equalTo("notifier"));
    }

    @Test
    void theConsoleIsServedOnTheSameBaseUrl() {
        given().redirects().follow(false).when().get("/console").then().body("service", equalTo("console"));
        given().redirects().follow(false).when().get("/console/applications/7?saved=true").then()
                .body("service", equalTo("console"));
        given().when().get("/consoles").then().statusCode(404);
    }

    @Test
    void unownedPathsAreAnAuthyNotFound() {
        given().when().get("/protected/json/nothing/here").then()
                .statusCode(404)
                .contentType("application/json; charset=utf-8")
                .body(equalTo("{\"message\":\"Not found\",\"success\":false,"
                        + "\"errors\":{\"message\":\"Not found\"},\"error_code\":\"60000\"}"));
    }

    @TestHTTPResource(value = "/health/live", management = true)
    URL health;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().when().get(health).then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(404).body(equalTo(GatewayProxy.NOT_FOUND_BODY));
        given().when().get("/q/metrics").then().statusCode(404).body(equalTo(GatewayProxy.NOT_FOUND_BODY));
    }

    @Test
    void metricsNameRouteTemplatesNeverPaths() {
        given().when().get("/qr/CAPABILITYtoken123.png").then().statusCode(200);
        given().when().get("/protected/json/users/987654321/status").then().statusCode(200);
        given().when().get("/protected/json/nowhere/555444333").then().statusCode(404);
        String text = given().when().get(metrics).then().statusCode(200).extract().asString();
        assertTrue(text.contains("latchkey_gateway_requests_seconds_count{method=\"GET\",route=\"/qr/**\",service=\"token\",status=\"200\"}"), text);
        assertTrue(text.contains("route=\"/protected/{format}/users/{id}/{action:remove|delete|status|register_activity|update}\",service=\"user\""), text);
        assertTrue(text.contains("route=\"NOT_FOUND\",service=\"none\",status=\"404\""), text);
        assertFalse(text.contains("CAPABILITYtoken123"), "a QR capability in the metrics");
        assertFalse(text.contains("987654321"), "an authy_id in the metrics");
        assertFalse(text.contains("555444333"), "an unrouted path in the metrics");
    }

    @Test
    void dotSegmentsAndEncodedSeparatorsAreRefusedBeforeRouting() throws Exception {
        for (String path : List.of("/qr/../q/metrics", "/qr/%2e%2e/q/metrics", "/qr/%2E%2E/q/health", "/qr/.%2e/q/metrics",
                "/qr/..%2fq%2fmetrics", "/protected/json/users/1%2F2/status", "/qr/a%5c..%5cq", "/qr/./x.png",
                "/qr/..;/q/metrics", "/qr/%252e%252e/q/metrics", "/protected/json/sms/1%00")) {
            HttpResponse<String> response = raw(path);
            assertEquals(400, response.statusCode(), path);
            assertEquals(GatewayProxy.INVALID_PATH_BODY, response.body(), path);
        }
        // the same characters in the query are the service's business
        given().when().get("/qr/abc.png?x=%2e%2e%2f").then().statusCode(200).body("service", equalTo("token"));
    }

    @Test
    void instancesOfAServiceTakeRequestsInTurnAndOneThatIsDownIsSkipped() {
        Set<String> instances = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            instances.add(given().when().get("/protected/json/verify/123456/42").then().statusCode(200)
                    .body("service", equalTo("token")).extract().path("instance"));
        }
        assertEquals(Set.of("1", "2"), instances);
        StubServices.stop("token");
        try {
            for (int i = 0; i < 4; i++) {
                given().when().post("/protected/json/users/42/secret").then().statusCode(200)
                        .body("instance", equalTo("2"))
                        .body("method", equalTo("POST"));
            }
        } finally {
            StubServices.restart("token");
        }
    }

    @Test
    void aServiceThatIsDownIsAnAuthyServiceUnavailable() {
        StubServices.stop("notifier");
        try {
            given().when().get("/admin/deliveries/5").then()
                    .statusCode(503)
                    .contentType("application/json; charset=utf-8")
                    .header("Retry-After", "1")
                    .body(equalTo("{\"message\":\"Service unavailable, try again later\",\"success\":false,"
                            + "\"errors\":{\"message\":\"Service unavailable, try again later\"},\"error_code\":\"60000\"}"));
            // the others answer as before
            given().when().get("/protected/json/users/42/status").then().statusCode(200).body("service", equalTo("user"));
        } finally {
            StubServices.restart("notifier");
        }
        given().when().get("/admin/deliveries/5").then().statusCode(200).body("service", equalTo("notifier"));
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsAnAuthyServiceUnavailable() {
        // %test answer timeout 2 s; the stand-in takes 5 s
        given().when().get("/protected/json/sms/slow").then().statusCode(503).body("error_code", equalTo("60000"));
        // a device's long-poll is held longer on purpose and gets its answer
        given().when().get("/device/onetouch/slow").then().statusCode(404).body("service", equalTo("push"));
    }

    @Test
    void forwardingHeadersSayWhoConnectedNotWhatTheClientClaims() {
        given().header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "evil.example").header("Forwarded", "for=203.0.113.9")
                .when().get("/protected/json/users/42/status").then()
                .statusCode(200)
                .body("forwarded_for", equalTo("127.0.0.1"))
                .body("forwarded_proto", equalTo("http"))
                .body("forwarded_host", equalTo(gateway.getHost() + ":" + gateway.getPort()));
    }

    @Test
    void http2RequestBodiesWithoutALengthReachTheService() throws Exception {
        // HTTP/2 frames a body without Content-Length; the services speak HTTP/1.1, where it must go on chunked
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI base = URI.create("http://" + gateway.getHost() + ":" + gateway.getPort());
        // the first request upgrades the connection (h2c), the next ones are HTTP/2 streams on it
        HttpResponse<String> upgrade = client.send(HttpRequest.newBuilder(base.resolve("/protected/json/users/42/status"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upgrade.statusCode());
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/protected/json/users/new"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                // a body of unknown length: no Content-Length header on the stream
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream("user[email]=h2@b.co".getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"service\":\"user\""), response.body());
        assertTrue(response.body().contains("\"body\":\"user[email]=h2@b.co\""), response.body());
    }

    private HttpResponse<String> raw(String path) throws Exception {
        // java.net.URI keeps the path as written; RestAssured would normalise or re-encode it
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + gateway.getHost() + ":" + gateway.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
