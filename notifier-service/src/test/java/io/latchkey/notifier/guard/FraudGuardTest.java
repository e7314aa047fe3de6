package io.latchkey.notifier.guard;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.FakeTwilio;
import io.latchkey.notifier.TestDeliveries;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
class FraudGuardTest {

    private static final long NORTH_AMERICA_ONLY = 504;
    private static final String MESSAGES = ".*/Messages\\.json";

    @Inject
    RateCounters counters;

    @BeforeAll
    static void application() {
        TestDeliveries.application(NORTH_AMERICA_ONLY, "Acme NA", null, List.of("US", "CA"));
    }

    @Test
    void aCountryTheApplicationDoesNotAllowIsRejectedNotSent() {
        DeliveryRequested uk = request(NORTH_AMERICA_ONLY, 9401, Channel.SMS, "+447400123401", null, "1234567");
        DeliveryRequested us = request(NORTH_AMERICA_ONLY, 9401, Channel.SMS, "+12015550401", null, "1234567");
        publish(uk);
        publish(us);

        assertEquals("country-not-allowed", awaitStatus(uk.deliveryId(), Status.REJECTED).errorCode());
        awaitStatus(us.deliveryId(), Status.SENT);
        assertEquals(0, FakeTwilio.requestsTo(MESSAGES, "+447400123401").size());
    }

    @Test
    void oneNumberGetsAtMostItsLimitPerWindow() {
        List<DeliveryRequested> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(request(NORTH_AMERICA_ONLY, 9402, Channel.SMS, "+12015550402", null, "10000" + i));
        }
        requests.forEach(request -> publish(request));

        assertEquals("rate-limited-destination", awaitStatus(requests.get(5).deliveryId(), Status.REJECTED).errorCode());
        for (int i = 0; i < 5; i++) {
            awaitStatus(requests.get(i).deliveryId(), Status.SENT);
        }
        assertEquals(5, FakeTwilio.requestsTo(MESSAGES, "+12015550402").size(), "destination-limit in %test");
    }

    @Test
    void somethingThatIsNotAPhoneNumberIsRejected() {
        DeliveryRequested request = request(NORTH_AMERICA_ONLY, 9403, Channel.SMS, "+1555123", null, "1234567");
        publish(request);
        assertEquals("invalid-destination", awaitStatus(request.deliveryId(), Status.REJECTED).errorCode());
    }

    @Test
    void concurrentRequestsNeverPassTheLimitTogether() throws Exception {
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                tries.add(() -> QuarkusTransaction.requiringNew()
                        .call(() -> counters.tryCount("prefix", "race-test", 5, Duration.ofHours(1), now)));
            }
            int passed = 0;
            for (Future<Boolean> result : pool.invokeAll(tries)) {
                passed += result.get() ? 1 : 0;
            }
            assertEquals(5, passed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void destinationsKnowTheirRegionAndPrefix() {
        assertEquals("BR", Destinations.region("+5511961234501").orElseThrow());
        assertEquals("GB", Destinations.region("+447400123401").orElseThrow());
        assertEquals(true, Destinations.region("+1555123").isEmpty());
        assertEquals(true, Destinations.region("12015550123").isEmpty());
        assertEquals("1201555", Destinations.prefix("+12015550123", 7));
    }
}
