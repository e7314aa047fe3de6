package io.latchkey.notifier.guard;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.latchkey.authy.phone.PhoneNumbers;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.FakeTwilio;
import io.latchkey.notifier.TestDeliveries;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class FraudGuardTest {

    private static final long NORTH_AMERICA_ONLY = TestIds.applicationId();
    private static final String MESSAGES = ".*/Messages\\.json";

    @BeforeAll
    static void application() {
        TestDeliveries.application(NORTH_AMERICA_ONLY, "Acme NA", null, List.of("US", "CA"));
    }

    @Test
    void aCountryTheApplicationDoesNotAllowIsRejectedNotSent() {
        long authyId = TestIds.authyId();
        // fixed: a UK mobile, a country the application does not allow
        DeliveryRequested uk = request(NORTH_AMERICA_ONLY, authyId, Channel.SMS, "+447400123401", null, "1234567");
        DeliveryRequested us = request(NORTH_AMERICA_ONLY, authyId, Channel.SMS, TestIds.phone().e164(), null, "1234567");
        publish(uk);
        publish(us);

        assertEquals("country-not-allowed", awaitStatus(uk.deliveryId(), Status.REJECTED).errorCode());
        awaitStatus(us.deliveryId(), Status.SENT);
        assertEquals(0, FakeTwilio.requestsTo(MESSAGES, "+447400123401").size());
    }

    @Test
    void somethingThatIsNotAPhoneNumberIsRejected() {
        // fixed: deliberately too short to be a number
        DeliveryRequested request = request(NORTH_AMERICA_ONLY, TestIds.authyId(), Channel.SMS, "+1555123", null,
                "1234567");
        publish(request);
        assertEquals("invalid-destination", awaitStatus(request.deliveryId(), Status.REJECTED).errorCode());
    }

    @Test
    void destinationsKnowTheirRegion() {
        // fixed: numbers whose region (or invalidity: too short, no +) is what is checked
        assertEquals("BR", PhoneNumbers.regionOfValidE164("+5511961234501").orElseThrow());
        assertEquals("GB", PhoneNumbers.regionOfValidE164("+447400123401").orElseThrow());
        assertEquals(true, PhoneNumbers.regionOfValidE164("+1555123").isEmpty());
        assertEquals(true, PhoneNumbers.regionOfValidE164("12015550123").isEmpty());
    }
}
