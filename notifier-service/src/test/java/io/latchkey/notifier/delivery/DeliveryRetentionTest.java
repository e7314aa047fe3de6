package io.latchkey.notifier.delivery;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.TestDeliveries;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Settled deliveries keep their full number for the retention period only (docs/operations.md "Retention"). */
@QuarkusTest
class DeliveryRetentionTest {

    @Inject
    DeliveryRetention retention;

    @Test
    void theNumberIsMaskedOnceTheRetentionPeriodIsOver() {
        long applicationId = TestIds.applicationId();
        TestIds.Phone phone = TestIds.phone();
        TestDeliveries.application(applicationId, "Retention", null, List.of());
        DeliveryRequested request = request(applicationId, TestIds.authyId(), Channel.SMS, phone.e164(), "en", "1234567");
        publish(request);
        awaitStatus(request.deliveryId(), Status.SENT);

        retention.maskOldNumbers(Instant.now());
        assertEquals(phone.e164(), destination(request));
        retention.maskOldNumbers(Instant.now().plus(Duration.ofDays(30)).plus(Duration.ofMinutes(1)));
        assertEquals("+1********" + phone.last(2), destination(request), "as PhoneMasks.forLog masks it");
    }

    private static String destination(DeliveryRequested request) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery> findById(request.deliveryId()).destination);
    }
}
