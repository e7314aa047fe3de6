package io.latchkey.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import com.sun.net.httpserver.HttpServer;

import io.latchkey.devicesim.DeviceSimulator;
import io.latchkey.devicesim.SimulatedDevice;

/**
 * OneTouch as a portal integrates it, through the gateway: the official authy-java client creates a request
 * and polls it, the device simulator registers (reading the SMS code from the local outbox file), sees the
 * request on a long-poll and approves it, and the portal's callback endpoint receives the signed callback,
 * which authy-java's {@code AuthyUtil} accepts. The simulator's soft token verifies too.
 */
@ExtendWith(Platform.Started.class)
@Order(10)
class OneTouchEndToEndTest {

    @Test
    void aPortalLearnsTheDecisionByPollingAndFromASignedCallback() throws Exception {
        Platform platform = Platform.get();
        List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
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
        portal.start();
        try {
            String callbackUrl = "http://127.0.0.1:" + portal.getAddress().getPort() + "/authy/callback";
            Admin.App app = Admin.createApps(platform, "onetouch", 1,
                    Map.of("onetouch_callback_url", callbackUrl, "onetouch_callback_method", "POST")).get(0);
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
        } finally {
            portal.stop(0);
        }
    }
}
