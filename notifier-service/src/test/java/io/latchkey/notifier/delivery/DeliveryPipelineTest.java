package io.latchkey.notifier.delivery;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.FakeTwilio;
import io.latchkey.notifier.TestDeliveries;
import io.latchkey.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * deliveries.requested on the real broker -> delivery log in PostgreSQL -> the real Twilio SDK ->
 * the WireMock "Twilio" -> deliveries.status through the outbox. Each test uses its own numbers
 * and user ids, so that the shared broker and stand-in keep them apart.
 */
@QuarkusTest
class DeliveryPipelineTest {

    private static final long APP = 501;
    private static final String MESSAGES = ".*/Messages\\.json";
    private static final String CALLS = ".*/Calls\\.json";

    @BeforeAll
    static void application() {
        TestDeliveries.application(APP, "Acme", null, List.of());
    }

    @Test
    void smsIsRenderedSentThroughTwilioAndReported() {
        DeliveryRequested request = request(APP, 9101, Channel.SMS, "+12015550101", null, "1234567");
        publish(request);

        DeliveryStatusChanged sent = awaitStatus(request.deliveryId(), Status.SENT);
        assertEquals("twilio", sent.provider());
        assertTrue(sent.providerMessageId().startsWith("SM"), sent.providerMessageId());

        List<LoggedRequest> requests = FakeTwilio.requestsTo(MESSAGES, "+12015550101");
        assertEquals(1, requests.size());
        assertEquals(Map.of("To", "+12015550101", "From", "+15005550006", "Body", "Your Acme verification code is 1234567",
                "StatusCallback", "https://latchkey.example.com/twilio/status?delivery=" + request.deliveryId()),
                FakeTwilio.form(requests.get(0)));

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("latchkey_deliveries_total{channel=\"sms\",locale=\"en\",provider=\"twilio\",status=\"sent\"}"))
                .body(containsString("latchkey_delivery_attempts_seconds_count{channel=\"sms\",locale=\"en\",outcome=\"sent\",provider=\"twilio\"}"));
    }

    @Test
    void theSameRequestTwiceSendsOneMessage() {
        DeliveryRequested request = request(APP, 9102, Channel.SMS, "+12015550102", "en", "5550001");
        Event<DeliveryRequested> event = publish(request);
        publish(request, event);
        // the same delivery id in a new event (a producer that retried before its outbox commit) is a duplicate too
        publish(request);
        awaitStatus(request.deliveryId(), Status.SENT);

        // all three share one partition with this later request; once it is through, they were all handled
        DeliveryRequested marker = request(APP, 9102, Channel.SMS, "+12015550102", "en", "5550002");
        publish(marker);
        awaitStatus(marker.deliveryId(), Status.SENT);

        assertEquals(1, FakeTwilio.requestsTo(MESSAGES, "+12015550102").stream()
                .filter(sent -> FakeTwilio.form(sent).get("Body").endsWith("5550001")).count(), "one SMS for one delivery id");
        assertEquals(List.of(Status.SENT), TestDeliveries.statuses(request.deliveryId(), "9102").stream()
                .map(DeliveryStatusChanged::status).toList(), "one status event");
    }

    @Test
    void theDestinationsCountryChoosesTheLanguageUnlessTheRequestNamesOne() {
        DeliveryRequested brazil = request(APP, 9103, Channel.SMS, "+5511961234501", null, "246810");
        DeliveryRequested japanese = request(APP, 9103, Channel.SMS, "+5511961234502", "ja", "135791");
        publish(brazil);
        publish(japanese);
        awaitStatus(japanese.deliveryId(), Status.SENT);
        awaitStatus(brazil.deliveryId(), Status.SENT);

        assertEquals("Seu código de verificação do Acme é 246810",
                FakeTwilio.form(FakeTwilio.requestsTo(MESSAGES, "+5511961234501").get(0)).get("Body"));
        assertEquals("Acme の確認コードは 135791 です",
                FakeTwilio.form(FakeTwilio.requestsTo(MESSAGES, "+5511961234502").get(0)).get("Body"));
    }

    @Test
    void aCallSpeaksTheCodeTwiceInTheLocalesVoice() {
        DeliveryRequested call = request(APP, 9104, Channel.VOICE, "+5511961234503", "zh-HK", "4071");
        publish(call);
        DeliveryStatusChanged sent = awaitStatus(call.deliveryId(), Status.SENT);
        assertTrue(sent.providerMessageId().startsWith("CA"), sent.providerMessageId());

        Map<String, String> form = FakeTwilio.form(FakeTwilio.requestsTo(CALLS, "+5511961234503").get(0));
        assertEquals("+15005550006", form.get("From"));
        assertEquals("https://latchkey.example.com/twilio/status?delivery=" + call.deliveryId(), form.get("StatusCallback"));
        String twiml = form.get("Twiml");
        String digits = "<Say language=\"zh-HK\">4</Say><Pause length=\"1\"/><Say language=\"zh-HK\">0</Say><Pause length=\"1\"/>"
                + "<Say language=\"zh-HK\">7</Say><Pause length=\"1\"/><Say language=\"zh-HK\">1</Say><Pause length=\"1\"/>";
        assertTrue(twiml.contains("<Say language=\"zh-HK\">你嘅 Acme 驗證碼係</Say><Pause length=\"1\"/>" + digits
                + "<Say language=\"zh-HK\">再講一次，你嘅驗證碼係</Say><Pause length=\"1\"/>" + digits), twiml);
    }

    @Test
    void rateLimitingAndOutagesAreRetriedUntilTheMessageIsSent() {
        FakeTwilio.answerInTurn(MESSAGES, "+12015550105",
                FakeTwilio.error(429, 20429, "Too Many Requests"),
                FakeTwilio.error(500, 20500, "Internal Server Error"),
                FakeTwilio.created("SM", "queued"));
        DeliveryRequested request = request(APP, 9105, Channel.SMS, "+12015550105", null, "8080808");
        publish(request);

        DeliveryStatusChanged queued = awaitStatus(request.deliveryId(), Status.QUEUED);
        assertEquals("20429", queued.errorCode());
        DeliveryStatusChanged sent = awaitStatus(request.deliveryId(), Status.SENT);
        assertNull(sent.errorCode());
        List<LoggedRequest> attempts = FakeTwilio.requestsTo(MESSAGES, "+12015550105");
        assertEquals(3, attempts.size());
        attempts.forEach(attempt -> assertEquals("Your Acme verification code is 8080808", FakeTwilio.form(attempt).get("Body")));
    }

    @Test
    void anInvalidNumberFailsAtOnceWithoutRetry() {
        FakeTwilio.answerInTurn(MESSAGES, "+12015550106",
                FakeTwilio.error(400, 21211, "The 'To' number +12015550106 is not a valid phone number."),
                FakeTwilio.created("SM", "queued"));
        DeliveryRequested request = request(APP, 9106, Channel.SMS, "+12015550106", null, "1212121");
        publish(request);

        DeliveryStatusChanged failed = awaitStatus(request.deliveryId(), Status.FAILED);
        assertEquals("21211", failed.errorCode());
        // a later message to the same user shows the partition moved on; the failed one was tried once
        DeliveryRequested marker = request(APP, 9106, Channel.SMS, "+12015550107", null, "3434343");
        publish(marker);
        awaitStatus(marker.deliveryId(), Status.SENT);
        assertEquals(1, FakeTwilio.requestsTo(MESSAGES, "+12015550106").size());
        assertEquals(List.of(Status.FAILED), TestDeliveries.statuses(request.deliveryId(), "9106").stream()
                .map(DeliveryStatusChanged::status).toList());
    }

    @Test
    void afterTheRetryBudgetTheRequestFailsAndIsDeadLettered() {
        FakeTwilio.answerInTurn(MESSAGES, "+12015550108", FakeTwilio.error(503, 20503, "Service Unavailable"));
        DeliveryRequested request = request(APP, 9108, Channel.SMS, "+12015550108", null, "7777777");
        publish(request);

        DeliveryStatusChanged failed = awaitStatus(request.deliveryId(), Status.FAILED);
        assertEquals("20503", failed.errorCode());
        assertEquals(3, FakeTwilio.requestsTo(MESSAGES, "+12015550108").size(), "max-attempts in %test");

        ConsumerRecord<String, String> dead = TestEvents.awaitRecordWithKey("deliveries.requested.dead-letter", "9108",
                TestDeliveries.TIMEOUT);
        DeliveryRequested parked = EventJson.read(dead.value(), DeliveryRequested.class).payload();
        assertEquals(request.deliveryId(), parked.deliveryId());
        assertEquals("+12015550108", parked.destination());
        assertNull(parked.code(), "the code does not outlive the delivery");
        assertNull(parked.sealedCode(), "sealed or not");
    }

    @Test
    void malformedRequestsGoToTheDeadLetterTopic() {
        TestEvents.publishRaw(Topics.DELIVERIES_REQUESTED, "9", "{not json");
        ConsumerRecord<String, String> dead = TestEvents.awaitRecordWithKey("deliveries.requested.dead-letter", "9",
                TestDeliveries.TIMEOUT);
        assertEquals("{not json", dead.value());
    }

    @Test
    void aRequestWithoutACodeIsRejectedNotSent() {
        DeliveryRequested request = new DeliveryRequested(UUID.randomUUID(), APP, 9109L, Channel.SMS, "+12015550109", null,
                DeliveryRequested.Kind.OTP, null, null, null);
        publish(request);
        assertEquals("missing-code", awaitStatus(request.deliveryId(), Status.REJECTED).errorCode());
        assertEquals(0, FakeTwilio.requestsTo(MESSAGES, "+12015550109").size());
    }

    @Test
    void aCodeSealedWithAKeyNoLongerListedIsRejectedNotSent() {
        UUID deliveryId = UUID.randomUUID();
        SecretCipher otherInstallation = new SecretCipher(Map.of("retired", new byte[32]), "retired");
        String sealedElsewhere = otherInstallation.seal("1234567", DeliveryRequested.codeSealingContext(deliveryId));
        publish(new DeliveryRequested(deliveryId, APP, 9110L, Channel.SMS, "+12015550110", null,
                DeliveryRequested.Kind.OTP, null, null, sealedElsewhere));
        assertEquals("code-unreadable", awaitStatus(deliveryId, Status.REJECTED).errorCode());
        assertEquals(0, FakeTwilio.requestsTo(MESSAGES, "+12015550110").size());
    }

    @Test
    void aSchemaOneRequestWithItsCodeInClearIsStillSent() {
        // published by a token-service from before the upgrade that sealed codes
        UUID deliveryId = UUID.randomUUID();
        TestEvents.publish(Topics.DELIVERIES_REQUESTED, "9111", new Event<>(UUID.randomUUID(), DeliveryRequested.TYPE,
                java.time.Instant.now(), 1, new DeliveryRequested(deliveryId, APP, 9111L, Channel.SMS, "+12015550111", "en",
                        DeliveryRequested.Kind.OTP, "7654321", null, null)));
        awaitStatus(deliveryId, Status.SENT);
        assertEquals("Your Acme verification code is 7654321",
                FakeTwilio.form(FakeTwilio.requestsTo(MESSAGES, "+12015550111").get(0)).get("Body"));
    }
}
