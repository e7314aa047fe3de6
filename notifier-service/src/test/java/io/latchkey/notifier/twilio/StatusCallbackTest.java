package io.latchkey.notifier.twilio;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.TestDeliveries;
import io.latchkey.notifier.delivery.Delivery;
import io.latchkey.notifier.delivery.DeliveryAttempt;
import io.latchkey.notifier.delivery.DeliveryLog;
import io.latchkey.notifier.provider.OutgoingMessage;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Twilio's status callbacks, signed the way Twilio signs them (computed here independently of the
 * SDK): base64(HMAC-SHA1(auth token, the StatusCallback URL as given + every POST parameter name
 * and value, sorted by name)). The URL carries {@code ?delivery=<id>}, so it is part of what is signed.
 */
@QuarkusTest
class StatusCallbackTest {

    private static final long APP = TestIds.applicationId();
    private static final String PUBLIC_URL = "https://latchkey.example.com/twilio/status";
    private static final String AUTH_TOKEN = "test-auth-token";

    @Inject
    DeliveryLog log;

    @BeforeAll
    static void application() {
        TestDeliveries.application(APP, "Acme", null, List.of());
    }

    @Test
    void aSignedCallbackMovesTheDeliveryForwardOnly() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        DeliveryStatusChanged sent = sentSms(authyId, to);
        Map<String, String> delivered = Map.of("MessageSid", sent.providerMessageId(), "MessageStatus", "delivered",
                "AccountSid", "ACtest00000000000000000000000000", "To", to);
        callback(sent.deliveryId(), delivered, sign(urlOf(sent.deliveryId()), delivered)).then().statusCode(204);
        DeliveryStatusChanged event = awaitStatus(sent.deliveryId(), Status.DELIVERED);
        assertEquals(sent.providerMessageId(), event.providerMessageId());

        // a late "sent" (callbacks overtake each other) changes nothing
        Map<String, String> late = Map.of("MessageSid", sent.providerMessageId(), "MessageStatus", "sent");
        callback(sent.deliveryId(), late, sign(urlOf(sent.deliveryId()), late)).then().statusCode(204);
        assertEquals(List.of(Status.SENT, Status.DELIVERED), statuses(sent.deliveryId(), String.valueOf(authyId)));
    }

    @Test
    void callStatusesAndCarrierErrorsAreRecorded() {
        DeliveryRequested call = request(APP, TestIds.authyId(), Channel.VOICE, TestIds.phone().e164(), null, "123456");
        publish(call);
        DeliveryStatusChanged sent = awaitStatus(call.deliveryId(), Status.SENT);
        Map<String, String> noAnswer = Map.of("CallSid", sent.providerMessageId(), "CallStatus", "no-answer");
        callback(call.deliveryId(), noAnswer, sign(urlOf(call.deliveryId()), noAnswer)).then().statusCode(204);
        awaitStatus(call.deliveryId(), Status.UNDELIVERED);

        DeliveryStatusChanged sms = sentSms(TestIds.authyId(), TestIds.phone().e164());
        Map<String, String> undelivered = Map.of("MessageSid", sms.providerMessageId(), "MessageStatus", "undelivered",
                "ErrorCode", "30003");
        callback(sms.deliveryId(), undelivered, sign(urlOf(sms.deliveryId()), undelivered)).then().statusCode(204);
        assertEquals("30003", awaitStatus(sms.deliveryId(), Status.UNDELIVERED).errorCode());
        // the operators' attempt log says what became of the message that attempt sent
        DeliveryAttempt attempt = QuarkusTransaction.requiringNew()
                .call(() -> DeliveryAttempt.findById(new DeliveryAttempt.Key(sms.deliveryId(), 1)));
        assertEquals(DeliveryAttempt.Outcome.UNDELIVERED, attempt.outcome);
        assertEquals("30003", attempt.errorCode);
        assertEquals(sms.providerMessageId(), attempt.providerMessageId);
    }

    @Test
    void forgedOrUnsignedCallbacksAreRefused() {
        long authyId = TestIds.authyId();
        DeliveryStatusChanged sent = sentSms(authyId, TestIds.phone().e164());
        UUID id = sent.deliveryId();
        Map<String, String> failed = Map.of("MessageSid", sent.providerMessageId(), "MessageStatus", "failed");

        callback(id, failed, sign(urlOf(id), Map.of("MessageSid", sent.providerMessageId(), "MessageStatus", "delivered")))
                .then().statusCode(403).body("success", equalTo(false)).body("error_code", equalTo("60002"));
        callback(id, failed, sign("https://attacker.example/twilio/status?delivery=" + id, failed)).then().statusCode(403);
        // a genuine signature for another delivery does not move this one
        UUID other = UUID.randomUUID();
        callback(id, failed, sign(urlOf(other), failed)).then().statusCode(403);
        callback(id, failed, sign(PUBLIC_URL, failed)).then().statusCode(403);
        callback(id, failed, null).then().statusCode(403);
        callback(id, failed, sign(urlOf(id), failed, "another-token")).then().statusCode(403);

        assertEquals(List.of(Status.SENT), statuses(id, String.valueOf(authyId)));
    }

    @Test
    void aCallbackQuickerThanTheSendsOwnCommitIsKeptAndNotUndone() {
        long authyId = TestIds.authyId();
        DeliveryRequested request = request(APP, authyId, Channel.SMS, TestIds.phone().e164(), null, "5050505");
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery delivery = new Delivery();
            delivery.id = request.deliveryId();
            delivery.applicationId = APP;
            delivery.authyId = request.authyId();
            delivery.channel = request.channel();
            delivery.destination = request.destination();
            delivery.locale = "en";
            delivery.kind = request.kind();
            delivery.status = Status.QUEUED;
            delivery.provider = "twilio";
            delivery.attempts = 1;
            delivery.attemptStartedAt = Instant.now();
            delivery.createdAt = Instant.now();
            delivery.updatedAt = delivery.createdAt;
            delivery.persist();
        });
        String sid = "SM" + "5".repeat(32);
        Map<String, String> delivered = Map.of("MessageSid", sid, "MessageStatus", "delivered");
        callback(request.deliveryId(), delivered, sign(urlOf(request.deliveryId()), delivered)).then().statusCode(204);
        assertEquals(sid, awaitStatus(request.deliveryId(), Status.DELIVERED).providerMessageId());

        // now the attempt that Twilio answered records its outcome
        log.recordSent(new DeliveryLog.Attempt(request.deliveryId(), 1, request,
                new OutgoingMessage(request.deliveryId(), Channel.SMS, request.destination(), "text", "en", null)), sid);

        Delivery settled = QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery> findById(request.deliveryId()));
        assertEquals(Status.DELIVERED, settled.status);
        assertNull(settled.attemptStartedAt);
        assertEquals(List.of(Status.DELIVERED), statuses(request.deliveryId(), String.valueOf(authyId)));
    }

    @Test
    void unknownDeliveriesAndBadIdsAreAuthyErrors() {
        UUID unknown = UUID.randomUUID();
        Map<String, String> delivered = Map.of("MessageSid", "SM00000000000000000000000000000000", "MessageStatus", "delivered");
        callback(unknown, delivered, sign(urlOf(unknown), delivered)).then().statusCode(404).body("success", equalTo(false));
        // without ?delivery= (an older StatusCallback URL) the SID is looked up
        given().formParams(delivered).header("X-Twilio-Signature", sign(PUBLIC_URL, delivered))
                .when().post("/twilio/status").then().statusCode(404);
        given().formParams(delivered).header("X-Twilio-Signature", sign(PUBLIC_URL + "?delivery=nope", delivered))
                .queryParam("delivery", "nope")
                .when().post("/twilio/status").then().statusCode(400).body("error_code", equalTo("60004"));
    }

    private static DeliveryStatusChanged sentSms(long authyId, String to) {
        DeliveryRequested request = request(APP, authyId, Channel.SMS, to, null, "1234567");
        publish(request);
        return awaitStatus(request.deliveryId(), Status.SENT);
    }

    private static List<Status> statuses(UUID deliveryId, String key) {
        return TestDeliveries.statuses(deliveryId, key).stream().map(DeliveryStatusChanged::status).toList();
    }

    private static String urlOf(UUID deliveryId) {
        return PUBLIC_URL + "?delivery=" + deliveryId;
    }

    private static io.restassured.response.Response callback(UUID deliveryId, Map<String, String> form, String signature) {
        var request = given().queryParam("delivery", deliveryId.toString()).formParams(form);
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
