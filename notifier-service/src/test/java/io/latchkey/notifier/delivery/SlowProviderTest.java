package io.latchkey.notifier.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.notifier.FakeTwilio;
import io.latchkey.notifier.TestDeliveries;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A provider that answers every message after 9 s (and a client that waits that long for it) does not
 * serialise the deliveries: 30 requests are all attempted within a minute, because provider calls
 * run {@code send-concurrency} (16) at a time instead of one after another on the consumer's thread.
 */
@QuarkusTest
@TestProfile(SlowProviderTest.SlowTwilio.class)
class SlowProviderTest {

    private static final long APP = TestIds.applicationId();
    private static final int REQUESTS = 30;
    private static final Duration PROVIDER_DELAY = Duration.ofSeconds(9);

    /** The SDK waits for the slow answers instead of timing out at the tests' usual 3 s. */
    public static class SlowTwilio implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.notifier.twilio.read-timeout", "15s");
        }
    }

    private static long attempted(List<String> numbers) {
        return numbers.stream().filter(to -> !FakeTwilio.requestsTo(".*/Messages\\.json", to).isEmpty()).count();
    }

    @Test
    void thirtyDeliveriesToAProviderThatAnswersAfterNineSecondsAreAllAttemptedWithinAMinute() {
        TestDeliveries.application(APP, "Slow", null, List.of());
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            numbers.add(TestIds.phone().e164());
        }
        String anyOfTheNumbers = numbers.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        WireMock twilio = FakeTwilio.client();
        StubMapping slow = twilio.register(post(urlPathMatching(".*/Messages\\.json")).atPriority(1)
                .withFormParam("To", WireMock.matching(anyOfTheNumbers))
                .willReturn(FakeTwilio.created("SM", "queued").withFixedDelay((int) PROVIDER_DELAY.toMillis())));
        try {
            long started = System.nanoTime();
            for (String to : numbers) {
                publish(request(APP, TestIds.authyId(), Channel.SMS, to, "en", "1234567"));
            }
            // the requirement itself is the bound: sequential calls would need 30 x 9 s = 4.5 minutes
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> attempted(numbers) == REQUESTS);
            System.out.printf("%d deliveries to a provider answering after %d s: all attempted after %d ms%n", REQUESTS,
                    PROVIDER_DELAY.toSeconds(), (System.nanoTime() - started) / 1_000_000);
            for (String to : numbers) {
                assertEquals(1, FakeTwilio.requestsTo(".*/Messages\\.json", to).size(), "one attempt for " + to);
            }
        } finally {
            twilio.removeStubMapping(slow);
        }
    }
}
