package io.latchkey.notifier.twilio;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.TestDeliveries;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Twilio's status callbacks, signed the way Twilio signs them (computed here independently of the
 * SDK): base64(HMAC-SHA1(auth token, public URL + every parameter name and value, sorted by name)).
 */
@QuarkusTest
class StatusCallbackTest {

    private static final long APP = 503;
    private static final String PUBLIC_URL = "https://latchkey.example.com/twilio/status";
    private static final String AUTH_TOKEN = "test-auth-token";

    @BeforeAll
    static void application() {
        TestDeliveries.application(APP, "Acme", null, List.of());
    }

    @Test
    void aSignedCallbackMovesTheDeliveryForwardOnly() {
        DeliveryStatusChanged sent = sentSms(9301, "+12015550301");
        Map<String, String> delivered = Map.of("MessageSid", sent.providerMessageId(), "MessageStatus", "delivered",
                "AccountSid", "ACtest00000000000000000000000000", "To", "+12015550301");
        callback(delivered, sign(PUBLIC_URL, delivered)).then().statusCode(204);
        DeliveryStatusChanged event = awaitStatus(sent.deliveryId(), Status.DELIVERED);
        assertEquals(sent.providerMessageId(), event.providerMessageId());

        // a late "sent" (callbacks overtake each other) changes nothing
        Map<String, String> late = Map.of("MessageSid", sent.providerMessageId(), "MessageStatus", "sent");
        callback(late, sign(PUBLIC_URL, late)).then().statusCode(204);
        assertEquals(List.of(Status.SENT, Status.DELIVERED), TestDeliveries.statuses(sent.deliveryId(), "9301").stream()
                .map(DeliveryStatusChanged::status).toList());
    }

    @Test
    void callStatusesAndCarrierErrorsAreRecorded() {
        DeliveryRequested call = request(APP, 9302, Channel.VOICE, "+12015550302", null, "123456");
        publish(call);
        DeliveryStatusChanged sent = awaitStatus(call.deliveryId(), Status.SENT);
        Map<String, String> noAnswer = Map.of("CallSid", sent.providerMessageId(), "CallStatus", "no-answer");
        callback(noAnswer, sign(PUBLIC_URL, noAnswer)).then().statusCode(204);
        awaitStatus(call.deliveryId(), Status.UNDELIVERED);

        DeliveryStatusChanged sms = sentSms(9303, "+12015550303");
        Map<String, String> undelivered = Map.of("MessageSid", sms.providerMessageId(), "MessageStatus", "undelivered",
                "ErrorCode", "30003");
        callback(undelivered, sign(PUBLIC_URL, undelivered)).then().statusCode(204);
        assertEquals("30003", awaitStatus(sms.deliveryId(), Status.UNDELIVERED).errorCode());
    }

    @Test
    void forgedOrUnsignedCallbacksAreRefused() {
        DeliveryStatusChanged sent = sentSms(9304, "+12015550304");
        Map<String, String> failed = Map.of("MessageSid", sent.providerMessageId(), "MessageStatus", "failed");

        callback(failed, sign(PUBLIC_URL, Map.of("MessageSid", sent.providerMessageId(), "MessageStatus", "delivered")))
                .then().statusCode(403).body("success", equalTo(false)).body("error_code", equalTo("60002"));
        callback(failed, sign("https://attacker.example/twilio/status", failed)).then().statusCode(403);
        callback(failed, null).then().statusCode(403);
        callback(failed, sign(PUBLIC_URL, failed, "another-token")).then().statusCode(403);

        assertEquals(List.of(Status.SENT), TestDeliveries.statuses(sent.deliveryId(), "9304").stream()
                .map(DeliveryStatusChanged::status).toList());
    }

    @Test
    void anUnknownSidIsNotFound() {
        Map<String, String> unknown = Map.of("MessageSid", "SM00000000000000000000000000000000", "MessageStatus", "delivered");
        callback(unknown, sign(PUBLIC_URL, unknown)).then().statusCode(404).body("success", equalTo(false));
    }

    private static DeliveryStatusChanged sentSms(long authyId, String to) {
        DeliveryRequested request = request(APP, authyId, Channel.SMS, to, null, "1234567");
        publish(request);
        return awaitStatus(request.deliveryId(), Status.SENT);
    }

    private static io.restassured.response.Response callback(Map<String, String> form, String signature) {
        var request = given().formParams(form);
        if (signature != null) {
            request = request.header("X-Twilio-Signature", signature);
        }
        return request.when().post("/twilio/status");
    }

    static String sign(String url, Map<String, String> params) {
        return sign(url, params, AUTH_TOKEN);
    }

    static String sign(String url, Map<String, String> params, String token) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
