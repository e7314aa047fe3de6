package io.latchkey.notifier.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.notifier.FakeTwilio;
import io.latchkey.notifier.TestConfigs;
import io.latchkey.notifier.provider.OutgoingMessage;
import io.latchkey.notifier.provider.ProviderException;
import io.latchkey.notifier.template.VoiceScript;
import io.latchkey.testkit.TestIds;

/**
 * The real Twilio SDK (no mock of it) against a local WireMock that answers like api.twilio.com:
 * what the SDK sends for each configuration, and how each Twilio answer is classified.
 */
class TwilioProviderTest {

    private static final String TO = TestIds.phone().e164();
    private static WireMockServer twilio;

    @BeforeAll
    static void startTwilio() {
        twilio = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").globalTemplating(true));
        twilio.start();
    }

    @AfterAll
    static void stopTwilio() {
        twilio.stop();
    }

    @BeforeEach
    void reset() {
        twilio.resetAll();
        twilio.stubFor(post(urlPathEqualTo(FakeTwilio.MESSAGES_PATH)).willReturn(FakeTwilio.created("SM", "queued")));
        twilio.stubFor(post(urlPathEqualTo(FakeTwilio.CALLS_PATH)).willReturn(FakeTwilio.created("CA", "queued")));
    }

    @Test
    void smsFromTheSenderNumberWithAStatusCallback() {
        OutgoingMessage message = sms("Your Acme verification code is 1234567");
        String sid = provider(Map.of()).send(message);

        assertTrue(sid.matches("SM[0-9a-f]{32}"), sid);
        LoggedRequest request = only(FakeTwilio.MESSAGES_PATH);
        Map<String, String> form = FakeTwilio.form(request);
        assertEquals(Map.of("To", TO, "From", "+15005550006", "Body", "Your Acme verification code is 1234567",
                "StatusCallback", "https://2fa.example.com/twilio/status?delivery=" + message.deliveryId()), form);
        assertEquals("Basic " + Base64.getEncoder().encodeToString((FakeTwilio.ACCOUNT + ":secret-token")
                .getBytes(StandardCharsets.UTF_8)), request.getHeader("Authorization"));
    }

    @Test
    void smsThroughAMessagingServiceWhenOneIsConfigured() {
        provider(Map.of("latchkey.notifier.twilio.messaging-service-sid", "MG11111111111111111111111111111111"))
                .send(sms("Olá"));

        Map<String, String> form = FakeTwilio.form(only(FakeTwilio.MESSAGES_PATH));
        assertEquals("MG11111111111111111111111111111111", form.get("MessagingServiceSid"));
        assertFalse(form.containsKey("From"), form.toString());
        assertEquals("Olá", form.get("Body"));
    }

    @Test
    void callWithInlineTwiml() {
        UUID deliveryId = UUID.randomUUID();
        String sid = provider(Map.of()).send(new OutgoingMessage(deliveryId, Channel.VOICE, TO, "spoken", "fr",
                new VoiceScript("fr-FR", "Votre code de vérification Acme est", "42", "Je répète, votre code est")));

        assertTrue(sid.startsWith("CA"), sid);
        Map<String, String> form = FakeTwilio.form(only(FakeTwilio.CALLS_PATH));
        assertEquals(TO, form.get("To"));
        assertEquals("+15005550006", form.get("From"));
        assertEquals("https://2fa.example.com/twilio/status?delivery=" + deliveryId, form.get("StatusCallback"));
        assertEquals(VoiceTwiml.build(new VoiceScript("fr-FR", "Votre code de vérification Acme est", "42",
                "Je répète, votre code est")), form.get("Twiml"));
        assertTrue(form.get("Twiml").contains("<Say language=\"fr-FR\">4</Say><Pause length=\"1\"/><Say language=\"fr-FR\">2</Say>"),
                form.get("Twiml"));
    }

    @Test
    void rateLimitingAndOutagesAreTransientAndTriedOnlyOncePerAttempt() {
        twilio.stubFor(post(urlPathEqualTo(FakeTwilio.MESSAGES_PATH))
                .willReturn(FakeTwilio.error(429, 20429, "Too Many Requests")));
        ProviderException limited = assertThrows(ProviderException.class, () -> provider(Map.of()).send(sms("x")));
        assertTrue(limited.isTransient());
        assertEquals("20429", limited.errorCode());

        twilio.stubFor(post(urlPathEqualTo(FakeTwilio.MESSAGES_PATH))
                .willReturn(FakeTwilio.error(500, 20500, "Internal Server Error")));
        ProviderException outage = assertThrows(ProviderException.class, () -> provider(Map.of()).send(sms("x")));
        assertTrue(outage.isTransient());
        assertEquals("20500", outage.errorCode());
        // the SDK alone would have repeated the 500 three times at once
        assertEquals(2, twilio.findAll(postRequestedFor(urlPathEqualTo(FakeTwilio.MESSAGES_PATH))).size());
    }

    @Test
    void anInvalidNumberIsPermanent() {
        twilio.stubFor(post(urlPathEqualTo(FakeTwilio.MESSAGES_PATH))
                .willReturn(FakeTwilio.error(400, 21211, "The 'To' number is not a valid phone number.")));
        ProviderException invalid = assertThrows(ProviderException.class, () -> provider(Map.of()).send(sms("x")));
        assertFalse(invalid.isTransient());
        assertEquals("21211", invalid.errorCode());
    }

    @Test
    void aTimeoutIsTransient() {
        twilio.stubFor(post(urlPathEqualTo(FakeTwilio.MESSAGES_PATH))
                .willReturn(FakeTwilio.created("SM", "queued").withFixedDelay(1500)));
        ProviderException timeout = assertThrows(ProviderException.class,
                () -> provider(Map.of("latchkey.notifier.twilio.read-timeout", "300ms")).send(sms("x")));
        assertTrue(timeout.isTransient());
        assertEquals("timeout", timeout.errorCode());
    }

    private static OutgoingMessage sms(String text) {
        return new OutgoingMessage(UUID.randomUUID(), Channel.SMS, TO, text, "en", null);
    }

    private static LoggedRequest only(String path) {
        List<LoggedRequest> requests = twilio.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertEquals(1, requests.size(), "requests to " + path);
        return requests.get(0);
    }

    private static TwilioProvider provider(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                "latchkey.notifier.twilio.account-sid", FakeTwilio.ACCOUNT,
                "latchkey.notifier.twilio.auth-token", "secret-token",
                "latchkey.notifier.twilio.from", "+15005550006",
                "latchkey.notifier.twilio.status-callback-url", "https://2fa.example.com/twilio/status",
                "latchkey.notifier.twilio.api-base-url", "http://127.0.0.1:" + twilio.port()));
        values.putAll(overrides);
        TwilioProvider provider = new TwilioProvider();
        provider.config = TestConfigs.notifier(values);
        return provider;
    }
}
