package io.latchkey.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.authy.AuthyApiClient;
import com.authy.AuthyUtil;
import com.authy.api.ApprovalRequestParams;
import com.authy.api.Token;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;

import com.sun.net.httpserver.HttpServer;

import io.latchkey.devicesim.DeviceSimulator;
import io.latchkey.devicesim.SimulatedDevice;
import io.latchkey.testkit.DashboardClient;

/**
 * OneTouch as a portal integrates it, through the gateway: the official authy-java client creates a request
 * and polls it, the device simulator registers (reading the SMS code from the local outbox file), sees the
 * request on a long-poll and approves it, and the portal's callback endpoint receives the signed callback,
 * which authy-java's {@code AuthyUtil} accepts. The simulator's soft token verifies too. The portal also
 * subscribed a dashboard webhook (signed dashboard API through the gateway) and receives the events of all
 * this as JWTs that jose4j verifies with the webhook's key.
 */
@ExtendWith(Platform.Started.class)
@Order(10)
class OneTouchEndToEndTest {

    @Test
    void aPortalLearnsTheDecisionByPollingAndFromASignedCallback() throws Exception {
        Platform platform = Platform.get();
        List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
        List<String> webhookEvents = new CopyOnWriteArrayList<>();
        HttpServer portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        portal.createContext("/authy/callback", exchange -> {
            Map<String, String> received = new HashMap<>();
            received.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.put("X-Authy-Signature", exchange.getRequestHeaders().getFirst("X-Authy-Signature"));
            received.put("X-Authy-Signature-Nonce", exchange.getRequestHeaders().getFirst("X-Authy-Signature-Nonce"));
            callbacks.add(received);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        portal.createContext("/authy/webhook", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            webhookEvents.add(URLDecoder.decode(form.substring(form.indexOf("body=") + 5), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        portal.start();
        try {
            String callbackUrl = "http://127.0.0.1:" + portal.getAddress().getPort() + "/authy/callback";
            Admin.App app = Admin.createApps(platform, "onetouch", 1,
                    Map.of("onetouch_callback_url", callbackUrl, "onetouch_callback_method", "POST")).get(0);
            String webhookUrl = "http://127.0.0.1:" + portal.getAddress().getPort() + "/authy/webhook";
            DashboardClient dashboard = new DashboardClient(platform.baseUrl(), app.apiKey(), app.accessKey(), app.signingKey());
            DashboardClient.Answer webhook = dashboard.create("portal events", webhookUrl, "user_added",
                    "device_registration_completed", "one_touch_request_responded", "token_verified");
            assertEquals(200, webhook.status(), webhook.body());
            String webhookKey = webhook.json().getString("webhook.signing_key");

            long authyId = ReadYourWritesTest.newUser(app.apiKey(), Phones.next());
            Path deviceFile = Files.createTempFile("latchkey-device", ".json");
            SimulatedDevice device = SimulatedDevice.register(platform.baseUrl(), app.apiKey(), authyId,
                    DeviceSimulator.newCodeIn(platform.outboxFile()), deviceFile);

            AuthyApiClient portalClient = new AuthyApiClient(app.apiKey(), platform.baseUrl(), true);
            String uuid = portalClient.getOneTouch().sendApprovalRequest(
                    new ApprovalRequestParams.Builder((int) authyId, "Log in to the portal?").addDetail("Username", "pat")
                            .build()).getApprovalRequest().getUUID();

            Map<String, Object> inbox = device.pending(10);
            assertTrue(String.valueOf(inbox.get("approval_requests")).contains(uuid), String.valueOf(inbox));
            device.decide(uuid, true, false, null);

            assertEquals("approved", portalClient.getOneTouch().getApprovalRequestStatus(uuid).getApprovalRequest().getStatus());
            await().atMost(Duration.ofSeconds(30)).until(() -> !callbacks.isEmpty());
            Map<String, String> callback = callbacks.get(0);
            assertTrue(AuthyUtil.validateSignatureForPost(callback.get("body"), Map.of(
                    "X-Authy-Signature", callback.get("X-Authy-Signature"),
                    "X-Authy-Signature-Nonce", callback.get("X-Authy-Signature-Nonce")), callbackUrl, app.apiKey()));
            assertTrue(callback.get("body").contains("\"status\":\"approved\""), callback.get("body"));

            Token token = portalClient.getTokens().verify((int) authyId, device.totp());
            assertTrue(token.isOk(), "the simulator's soft token verifies");

            await().atMost(Duration.ofSeconds(30)).until(() -> webhookEvents.size() >= 4);
            JwtConsumer jwts = new JwtConsumerBuilder().setVerificationKey(new HmacKey(webhookKey.getBytes(StandardCharsets.UTF_8)))
                    .setRequireIssuedAt().setExpectedIssuer("latchkey").build();
            Map<String, JwtClaims> byEvent = new HashMap<>();
            for (String jwt : webhookEvents) {
                JwtClaims claims = jwts.processToClaims(jwt);
                byEvent.put(claims.getStringClaimValue("event"), claims);
                Map<?, ?> user = (Map<?, ?>) ((Map<?, ?>) claims.getClaimValue("objects")).get("user");
                assertEquals(String.valueOf(authyId), user.get("s_authy_id"));
            }
            assertEquals(List.of("device_registration_completed", "one_touch_request_responded", "token_verified", "user_added"),
                    byEvent.keySet().stream().sorted().toList());
            Map<?, ?> request = (Map<?, ?>) ((Map<?, ?>) byEvent.get("one_touch_request_responded").getClaimValue("objects"))
                    .get("onetouch_request");
            assertEquals(uuid, request.get("s_uuid"));
            assertEquals("approved", request.get("s_status"));

            // the user says "not me" with the simulator's command line, as a developer would
            String second = portalClient.getOneTouch().sendApprovalRequest(
                    new ApprovalRequestParams.Builder((int) authyId, "Log in from a new browser?").build())
                    .getApprovalRequest().getUUID();
            ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), DeviceSimulator.class.getName(), "deny", second, "--not-me")
                    .redirectErrorStream(true);
            command.environment().putAll(Map.of("LATCHKEY_BASE_URL", platform.baseUrl(), "LATCHKEY_API_KEY", app.apiKey(),
                    "LATCHKEY_DEVICE_FILE", deviceFile.toString()));
            Process deny = command.start();
            String printed = new String(deny.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, deny.waitFor(), printed);
            assertEquals("denied", portalClient.getOneTouch().getApprovalRequestStatus(second).getApprovalRequest().getStatus());
            await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.size() == 2);
            Map<String, String> denied = callbacks.get(1);
            assertTrue(AuthyUtil.validateSignatureForPost(denied.get("body"), Map.of(
                    "X-Authy-Signature", denied.get("X-Authy-Signature"),
                    "X-Authy-Signature-Nonce", denied.get("X-Authy-Signature-Nonce")), callbackUrl, app.apiKey()));
            assertTrue(denied.get("body").contains("\"status\":\"denied\"") && denied.get("body").contains("\"reason\":\"not_me\""),
                    denied.get("body"));

            // operators see both callbacks through the gateway with a token of the identity provider, and nobody without one
            given().baseUri(platform.baseUrl()).auth().oauth2(platform.adminToken())
                    .queryParam("state", "delivered").queryParam("app_id", app.id())
                    .when().get("/admin/onetouch/callbacks").then().statusCode(200).body("", hasSize(2));
            given().baseUri(platform.baseUrl()).queryParam("state", "failed")
                    .when().get("/admin/onetouch/callbacks").then().statusCode(401);
        } finally {
            portal.stop(0);
        }
    }
}
