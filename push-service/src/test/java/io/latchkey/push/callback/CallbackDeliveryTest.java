package io.latchkey.push.callback;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.authy.AuthyUtil;
import com.sun.net.httpserver.HttpServer;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.audit.AdminActionRecorded;
import io.latchkey.events.users.UserChanged;
import io.latchkey.push.device.TestDevice;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Signed callbacks to a real HTTP endpoint on loopback, checked with the official authy-java client's
 * {@code AuthyUtil}: POST and GET, an endpoint down for a while (the same webhook-id on every retry, one
 * delivery), an endpoint down for good (FAILED, visible to operators and redelivered).
 */
@QuarkusTest
class CallbackDeliveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static HttpServer server;
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> FAILURES_LEFT = new HashMap<>();

    @Inject
    SecretCipher cipher;

    record Received(String path, String method, String query, String body, Map<String, String> headers) {
    }

    @BeforeAll
    static void endpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            RECEIVED.add(new Received(path, exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(), body,
                    headers));
            AtomicInteger failures = FAILURES_LEFT.getOrDefault(path, new AtomicInteger());
            int status = path.startsWith("/down") || failures.getAndDecrement() > 0 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** An application with its callback URL and method, its key sealed as user-service seals it; a user with a device. */
    private TestDevice setUp(String key, String path, String method) {
        long app = TestIds.applicationId();
        ApplicationChanged defaults = TestApplications.withDefaults(app, "Callbacks " + path, key);
        TestApplications.publish(new ApplicationChanged(app, 1, defaults.name(), defaults.apiKeySha256(),
                cipher.seal(key, ApplicationChanged.SealingContexts.apiKey(app)), 7, true, true, true, true, false,
                url(path), method, null, List.of(), null, null, false));
        long authyId = TestIds.authyId();
        TestEvents.publish(UserChanged.of(authyId, app, 1, 1, TestIds.phone().e164(), "cb" + authyId + "@example.com", true));
        return TestDevice.registeredFor(authyId, app);
    }

    private static String approve(String key, TestDevice device, String status) {
        String uuid = given().header("X-Authy-API-Key", key).contentType(ContentType.URLENC)
                .body("message=Log+in%3F&details[Username]=pat&hidden_details[ip]=10.0.0.1"
                        + "&logos[][res]=default&logos[][url]=https://x.example/l.png")
                .when().post("/onetouch/json/users/" + device.authyId + "/approval_requests")
                .then().statusCode(200).extract().path("approval_request.uuid");
        JsonPath listed = device.pending().extract().jsonPath().setRootPath("approval_requests.find { it.uuid == '" + uuid + "' }");
        device.decide(uuid, listed.getString("shown"), listed.getString("nonce"), status, "").statusCode(200);
        return uuid;
    }

    private static List<Received> at(String path) {
        return RECEIVED.stream().filter(received -> received.path().equals(path)).toList();
    }

    @Test
    void postCallbacksVerifyWithTheOfficialClient() throws Exception {
        String key = "callback-post-key-0123456789abcdefghijk";
        TestDevice device = setUp(key, "/post", "POST");
        String uuid = approve(key, device, "approved");

        await().atMost(TIMEOUT).until(() -> at("/post").size() == 1);
        Received callback = at("/post").get(0);
        assertEquals("POST", callback.method());
        assertTrue(AuthyUtil.validateSignatureForPost(callback.body(), authyHeaders(callback), url("/post"), key));
        JsonPath body = JsonPath.from(callback.body());
        assertEquals(uuid, body.getString("uuid"));
        assertEquals("approved", body.getString("status"));
        assertEquals("approval_request_status", body.getString("callback_action"));
        assertEquals(String.valueOf(device.deviceId), body.getString("device_uuid"), "device_uuid is a string");
        assertEquals("pat", body.getString("approval_request.transaction.details.Username"));
        assertTrue(body.getString("signature").startsWith("ey"), "the device's signed decision");
        assertTrue(callback.headers().containsKey("Webhook-id") || callback.headers().containsKey("webhook-id"));
    }

    @Test
    void getCallbacksVerifyWithTheOfficialClient() throws Exception {
        String key = "callback-get-key-0123456789abcdefghijkl";
        TestDevice device = setUp(key, "/get", "GET");
        approve(key, device, "denied");

        await().atMost(TIMEOUT).until(() -> at("/get").size() == 1);
        Received callback = at("/get").get(0);
        assertEquals("GET", callback.method());
        Map<String, String> parameters = new HashMap<>();
        for (String pair : callback.query().split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        assertEquals("denied", parameters.get("status"));
        assertTrue(AuthyUtil.validateSignatureForGet(parameters, authyHeaders(callback), url("/get"), key));
    }

    @Test
    @TestSecurity(user = "operator", roles = OperatorRoles.ADMIN, augmentors = OperatorRoles.class)
    void anEndpointDownForAWhileGetsTheCallbackOnceWithOneWebhookId() {
        FAILURES_LEFT.put("/flaky", new AtomicInteger(2));
        String key = "callback-flaky-key-0123456789abcdefghij";
        String uuid = approve(key, setUp(key, "/flaky", "POST"), "approved");

        await().atMost(TIMEOUT).until(() -> at("/flaky").size() == 3);
        assertEquals(1, at("/flaky").stream().map(received -> webhookId(received)).distinct().count(),
                "every retry carries the same webhook-id");
        await().atMost(TIMEOUT).untilAsserted(() -> given().queryParam("approval_request", uuid)
                .when().get("/admin/onetouch/callbacks").then().statusCode(200)
                .body("[0].state", equalTo("DELIVERED")).body("[0].history", hasSize(3))
                .body("[0].history[0].http_status", equalTo(503)).body("[0].history[2].http_status", equalTo(200)));
    }

    @Test
    @TestSecurity(user = "operator", roles = OperatorRoles.ADMIN, augmentors = OperatorRoles.class)
    void anEndpointDownForGoodIsGivenUpAndCanBeRedelivered() {
        String key = "callback-down-key-0123456789abcdefghijk";
        TestDevice device = setUp(key, "/down", "POST");
        String uuid = approve(key, device, "approved");

        // max-attempts is 6 in tests
        await().atMost(TIMEOUT).untilAsserted(() -> given().queryParam("approval_request", uuid)
                .when().get("/admin/onetouch/callbacks").then().statusCode(200)
                .body("[0].state", equalTo("FAILED")).body("[0].attempts", equalTo(6)).body("[0].history", hasSize(6))
                .body("[0].last_error", equalTo("HTTP 503")));
        assertEquals(6, at("/down").size());

        String id = given().queryParam("approval_request", uuid).when().get("/admin/onetouch/callbacks")
                .then().extract().path("[0].id");
        // the callbacks' dead letters, without knowing the request
        given().queryParam("state", "failed").queryParam("app_id", device.applicationId)
                .when().get("/admin/onetouch/callbacks").then().statusCode(200)
                .body("id", equalTo(List.of(id)));
        given().queryParam("state", "delivered").queryParam("app_id", device.applicationId)
                .when().get("/admin/onetouch/callbacks").then().statusCode(200).body("", hasSize(0));
        given().queryParam("state", "lost").when().get("/admin/onetouch/callbacks").then().statusCode(400)
                .body("error_code", equalTo("60004"));
        given().when().post("/admin/onetouch/callbacks/" + id + "/redeliver").then().statusCode(200)
                .body("state", equalTo("PENDING"));
        // in the audit log, by the operator who asked
        assertEquals(new AdminActionRecorded("operator", "push-service", "POST", "/admin/onetouch/callbacks/" + id + "/redeliver",
                null), TestEvents.await(Topics.AUDIT, AdminActionRecorded.class,
                        event -> event.payload().path().endsWith(id + "/redeliver"), TIMEOUT).payload());
        await().atMost(TIMEOUT).until(() -> at("/down").size() == 7);
        await().atMost(TIMEOUT).untilAsserted(() -> given().queryParam("approval_request", uuid)
                .when().get("/admin/onetouch/callbacks").then().body("[0].state", equalTo("FAILED")));
    }

    /**
     * An application whose endpoint does not answer holds at most its share of the sending slots (3 of 6 in
     * tests): another application's callback goes out while all of the first one's are still waiting.
     */
    @Test
    void aSlowEndpointDelaysOnlyItsOwnApplicationsCallbacks() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slow.setExecutor(Executors.newCachedThreadPool());
        slow.createContext("/", exchange -> {
            arrived.incrementAndGet();
            try {
                answer.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slow.start();
        try {
            String key = "callback-fair-key-0123456789abcdefghijk";
            TestDevice otherDevice = setUp(key, "/fair", "POST");
            String slowKey = "callback-slow-key-0123456789abcdefghijk";
            long slowApp = TestIds.applicationId();
            ApplicationChanged defaults = TestApplications.withDefaults(slowApp, "Slow callbacks", slowKey);
            TestApplications.publish(new ApplicationChanged(slowApp, 1, defaults.name(), defaults.apiKeySha256(),
                    cipher.seal(slowKey, ApplicationChanged.SealingContexts.apiKey(slowApp)), 7, true, true, true, true,
                    false, "http://127.0.0.1:" + slow.getAddress().getPort() + "/slow", "POST", null, List.of(), null, null,
                    false));
            long authyId = TestIds.authyId();
            TestEvents.publish(UserChanged.of(authyId, slowApp, 1, 1, TestIds.phone().e164(), "slow" + authyId + "@example.com", true));
            TestDevice slowDevice = TestDevice.registeredFor(authyId, slowApp);
            for (int i = 0; i < 6; i++) {
                approve(slowKey, slowDevice, "approved");
            }
            await().atMost(TIMEOUT).until(() -> arrived.get() >= 3);

            approve(key, otherDevice, "approved");
            await().atMost(TIMEOUT).until(() -> at("/fair").size() == 1);
            assertEquals(3, arrived.get(), "the slow application's callbacks in flight, none answered yet");
        } finally {
            answer.countDown();
            slow.stop(0);
        }
    }

    private static String webhookId(Received received) {
        return received.headers().getOrDefault("Webhook-id", received.headers().get("webhook-id"));
    }

    /** The Authy headers as a receiver's framework hands them over. */
    private static Map<String, String> authyHeaders(Received received) {
        Map<String, String> headers = new HashMap<>();
        received.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("X-Authy-Signature")) {
                headers.put("X-Authy-Signature", value);
            } else if (name.equalsIgnoreCase("X-Authy-Signature-Nonce")) {
                headers.put("X-Authy-Signature-Nonce", value);
            }
        });
        return headers;
    }
}
