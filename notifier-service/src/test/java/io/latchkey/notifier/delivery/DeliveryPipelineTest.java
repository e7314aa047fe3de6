package io.latchkey.notifier.delivery;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

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
import io.latchkey.testkit.TestIds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * deliveries.requested on the real broker -> delivery log in PostgreSQL -> the real Twilio SDK ->
 * the WireMock "Twilio" -> deliveries.status through the outbox. Each test uses its own numbers
 * and user ids (from TestIds), so that the shared broker and stand-in keep them apart.
 */
@QuarkusTest
class DeliveryPipelineTest {

    private static final long APP = TestIds.applicationId();
    private static final String MESSAGES = ".*/Messages\\.json";
    private static final String CALLS = ".*/Calls\\.json";

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @BeforeAll
    static void application() {
        TestDeliveries.application(APP, "Acme", null, List.of());
    }

    @Test
    void smsIsRenderedSentThroughTwilioAndReported() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        DeliveryRequested request = request(APP, authyId, Channel.SMS, to, null, "1234567");
        publish(request);

        DeliveryStatusChanged sent = awaitStatus(request.deliveryId(), Status.SENT);
        assertEquals("twilio", sent.provider());
        assertTrue(sent.providerMessageId().startsWith("SM"), sent.providerMessageId());

        List<LoggedRequest> requests = FakeTwilio.requestsTo(MESSAGES, to);
        assertEquals(1, requests.size());
        assertEquals(Map.of("To", to, "From", "+15005550006", "Body", "Your Acme verification code is 1234567",
                "StatusCallback", "https://latchkey.example.com/twilio/status?delivery=" + request.deliveryId()),
                FakeTwilio.form(requests.get(0)));

        given().when().get(metrics).then().statusCode(200)
                .body(containsString("latchkey_deliveries_total{channel=\"sms\",locale=\"en\",provider=\"twilio\",status=\"sent\"}"))
                .body(containsString("latchkey_delivery_attempts_seconds_count{channel=\"sms\",locale=\"en\",outcome=\"sent\",provider=\"twilio\"}"));
    }

    @Test
    void theSameRequestTwiceSendsOneMessage() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        DeliveryRequested request = request(APP, authyId, Channel.SMS, to, "en", "5550001");
        Event<DeliveryRequested> event = publish(request);
        publish(request, event);
        // the same delivery id in a new event (a producer that retried before its outbox commit) is a duplicate too
        publish(request);
        awaitStatus(request.deliveryId(), Status.SENT);

        // all three share one partition with this later request; once it is through, they were all handled
        DeliveryRequested marker = request(APP, authyId, Channel.SMS, to, "en", "5550002");
        publish(marker);
        awaitStatus(marker.deliveryId(), Status.SENT);

        assertEquals(1, FakeTwilio.requestsTo(MESSAGES, to).stream()
                .filter(sent -> FakeTwilio.form(sent).get("Body").endsWith("5550001")).count(), "one SMS for one delivery id");
        assertEquals(List.of(Status.SENT), TestDeliveries.statuses(request.deliveryId(), String.valueOf(authyId))
                .stream().map(DeliveryStatusChanged::status).toList(), "one status event");
    }

    @Test
    void aPollOfRequestsIsSentOnceEachAroundAMalformedOneAndADuplicate() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        List<DeliveryRequested> requests = IntStream.range(0, 20)
                .mapToObj(n -> request(APP, authyId, Channel.SMS, to, "en", String.format("77%05d", n))).toList();
        List<String> records = new ArrayList<>();
        for (int n = 0; n < requests.size(); n++) {
            records.add(EventJson.write(Event.of(DeliveryRequested.TYPE, DeliveryRequested.SCHEMA_VERSION, requests.get(n))));
            if (n == 5) {
                // the same delivery id again, in the same poll
                records.add(EventJson.write(Event.of(DeliveryRequested.TYPE, DeliveryRequested.SCHEMA_VERSION, requests.get(3))));
            }
            if (n == 10) {
                records.add("{not json");
            }
        }
        String key = String.valueOf(authyId);
        TestEvents.publishRawTogether(Topics.DELIVERIES_REQUESTED, key, records);

        requests.forEach(request -> awaitStatus(request.deliveryId(), Status.SENT));
        assertEquals("{not json", TestEvents.awaitRecordWithKey("deliveries.requested.dead-letter", key, TestDeliveries.TIMEOUT).value());
        assertEquals(IntStream.range(0, 20).mapToObj(n -> String.format("Your Acme verification code is 77%05d", n)).toList(),
                FakeTwilio.requestsTo(MESSAGES, to).stream().map(sent -> FakeTwilio.form(sent).get("Body")).sorted().toList(),
                "each request sent once");
    }

    @Test
    void theDestinationsCountryChoosesTheLanguageUnlessTheRequestNamesOne() {
        long authyId = TestIds.authyId();
        // fixed: Brazilian numbers, whose country means Portuguese unless the request names a locale
        DeliveryRequested brazil = request(APP, authyId, Channel.SMS, "+5511961234501", null, "246810");
        DeliveryRequested japanese = request(APP, authyId, Channel.SMS, "+5511961234502", "ja", "135791");
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
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        DeliveryRequested call = request(APP, authyId, Channel.VOICE, to, "zh-HK", "4071");
        publish(call);
        DeliveryStatusChanged sent = awaitStatus(call.deliveryId(), Status.SENT);
        assertTrue(sent.providerMessageId().startsWith("CA"), sent.providerMessageId());

        Map<String, String> form = FakeTwilio.form(FakeTwilio.requestsTo(CALLS, to).get(0));
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
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        FakeTwilio.answerInTurn(MESSAGES, to,
                FakeTwilio.error(429, 20429, "Too Many Requests"),
                FakeTwilio.error(500, 20500, "Internal Server Error"),
                FakeTwilio.created("SM", "queued"));
        DeliveryRequested request = request(APP, authyId, Channel.SMS, to, null, "8080808");
        publish(request);

        DeliveryStatusChanged queued = awaitStatus(request.deliveryId(), Status.QUEUED);
        assertEquals("20429", queued.errorCode());
        DeliveryStatusChanged sent = awaitStatus(request.deliveryId(), Status.SENT);
        assertNull(sent.errorCode());
        List<LoggedRequest> attempts = FakeTwilio.requestsTo(MESSAGES, to);
        assertEquals(3, attempts.size());
        attempts.forEach(attempt -> assertEquals("Your Acme verification code is 8080808", FakeTwilio.form(attempt).get("Body")));
    }

    @Test
    void anInvalidNumberFailsAtOnceWithoutRetry() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        String markerTo = TestIds.phone().e164();
        FakeTwilio.answerInTurn(MESSAGES, to,
                FakeTwilio.error(400, 21211, "The 'To' number " + to + " is not a valid phone number."),
                FakeTwilio.created("SM", "queued"));
        DeliveryRequested request = request(APP, authyId, Channel.SMS, to, null, "1212121");
        publish(request);

        DeliveryStatusChanged failed = awaitStatus(request.deliveryId(), Status.FAILED);
        assertEquals("21211", failed.errorCode());
        // a later message to the same user shows the partition moved on; the failed one was tried once
        DeliveryRequested marker = request(APP, authyId, Channel.SMS, markerTo, null, "3434343");
        publish(marker);
        awaitStatus(marker.deliveryId(), Status.SENT);
        assertEquals(1, FakeTwilio.requestsTo(MESSAGES, to).size());
        assertEquals(List.of(Status.FAILED), TestDeliveries.statuses(request.deliveryId(), String.valueOf(authyId))
                .stream().map(DeliveryStatusChanged::status).toList());
    }

    @Test
    void afterTheRetryBudgetTheRequestFailsAndIsDeadLettered() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        FakeTwilio.answerInTurn(MESSAGES, to, FakeTwilio.error(503, 20503, "Service Unavailable"));
        DeliveryRequested request = request(APP, authyId, Channel.SMS, to, null, "7777777");
        publish(request);

        DeliveryStatusChanged failed = awaitStatus(request.deliveryId(), Status.FAILED);
        assertEquals("20503", failed.errorCode());
        assertEquals(3, FakeTwilio.requestsTo(MESSAGES, to).size(), "max-attempts in %test");

        ConsumerRecord<String, String> dead = TestEvents.awaitRecordWithKey("deliveries.requested.dead-letter",
                String.valueOf(authyId), TestDeliveries.TIMEOUT);
        DeliveryRequested parked = EventJson.read(dead.value(), DeliveryRequested.class).payload();
        assertEquals(request.deliveryId(), parked.deliveryId());
        assertEquals(to, parked.destination());
        assertNull(parked.code(), "the code does not outlive the delivery");
        assertNull(parked.sealedCode(), "sealed or not");
    }

    @Test
    void malformedRequestsGoToTheDeadLetterTopic() {
        String key = String.valueOf(TestIds.authyId());
        TestEvents.publishRaw(Topics.DELIVERIES_REQUESTED, key, "{not json");
        ConsumerRecord<String, String> dead = TestEvents.awaitRecordWithKey("deliveries.requested.dead-letter", key,
                TestDeliveries.TIMEOUT);
        assertEquals("{not json", dead.value());
    }

    @Test
    void aRequestWithoutACodeIsRejectedNotSent() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        DeliveryRequested request = new DeliveryRequested(UUID.randomUUID(), APP, authyId, Channel.SMS, to, null,
                DeliveryRequested.Kind.OTP, null, null, null);
        publish(request);
        assertEquals("missing-code", awaitStatus(request.deliveryId(), Status.REJECTED).errorCode());
        assertEquals(0, FakeTwilio.requestsTo(MESSAGES, to).size());
    }

    @Test
    void aCodeSealedWithAKeyNoLongerListedIsRejectedNotSent() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        UUID deliveryId = UUID.randomUUID();
        SecretCipher otherInstallation = new SecretCipher(Map.of("retired", new byte[32]), "retired");
        String sealedElsewhere = otherInstallation.seal("1234567", DeliveryRequested.codeSealingContext(deliveryId));
        publish(new DeliveryRequested(deliveryId, APP, authyId, Channel.SMS, to, null,
                DeliveryRequested.Kind.OTP, null, null, sealedElsewhere));
        assertEquals("code-unreadable", awaitStatus(deliveryId, Status.REJECTED).errorCode());
        assertEquals(0, FakeTwilio.requestsTo(MESSAGES, to).size());
    }

    @Test
    void aSchemaOneRequestWithItsCodeInClearIsStillSent() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        // published by a token-service from before the upgrade that sealed codes
        UUID deliveryId = UUID.randomUUID();
        TestEvents.publish(Topics.DELIVERIES_REQUESTED, String.valueOf(authyId), new Event<>(UUID.randomUUID(),
                DeliveryRequested.TYPE, java.time.Instant.now(), 1, new DeliveryRequested(deliveryId, APP, authyId,
                        Channel.SMS, to, "en", DeliveryRequested.Kind.OTP, "7654321", null, null)));
        awaitStatus(deliveryId, Status.SENT);
        assertEquals("Your Acme verification code is 7654321",
                FakeTwilio.form(FakeTwilio.requestsTo(MESSAGES, to).get(0)).get("Body"));
    }
}
