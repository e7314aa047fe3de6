package io.latchkey.notifier.delivery;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.FakeTwilio;
import io.latchkey.notifier.TestDeliveries;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What a restart finds in the delivery log, written here as a crashed instance would have left it:
 * an attempt that never recorded its outcome is failed and never resent (at most once), and a
 * retry that was due is picked up, because its state lives in the database, not in memory.
 */
@QuarkusTest
class DeliveryRecoveryTest {

    private static final long APP = TestIds.applicationId();
    private static final String MESSAGES = ".*/Messages\\.json";

    @Inject
    SecretCipher cipher;

    @BeforeAll
    static void application() {
        TestDeliveries.application(APP, "Acme", null, List.of());
    }

    @Test
    void anAttemptInterruptedByACrashIsFailedAndNeverResent() {
        long authyId = TestIds.authyId();
        String to = TestIds.phone().e164();
        DeliveryRequested request = request(APP, authyId, Channel.SMS, to, null, "6060606");
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery delivery = row(request);
            delivery.status = Status.QUEUED;
            delivery.attempts = 1;
            delivery.attemptStartedAt = Instant.now().minus(Duration.ofMinutes(10));
            delivery.persist();
        });
        // Kafka hands the request over again: the crash came before the consumer committed its offset
        publish(request);

        assertEquals(DeliveryLog.OUTCOME_UNKNOWN, awaitStatus(request.deliveryId(), Status.FAILED).errorCode());
        // the attempt cut off is on the operators' log as such, from when it started
        DeliveryAttempt cutOff = attempts(request).get(0);
        assertEquals(1, cutOff.number);
        assertEquals(DeliveryAttempt.Outcome.UNKNOWN, cutOff.outcome);
        assertEquals(DeliveryLog.OUTCOME_UNKNOWN, cutOff.errorCode);
        DeliveryRequested marker = request(APP, authyId, Channel.SMS, TestIds.phone().e164(), null, "1");
        publish(marker);
        awaitStatus(marker.deliveryId(), Status.SENT);
        assertEquals(0, FakeTwilio.requestsTo(MESSAGES, to).size());
    }

    @Test
    void aRetryDueBeforeARestartIsSentAfterIt() {
        String to = TestIds.phone().e164();
        DeliveryRequested request = request(APP, TestIds.authyId(), Channel.SMS, to, null, "7070707");
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery delivery = row(request);
            delivery.status = Status.QUEUED;
            delivery.attempts = 1;
            delivery.errorCode = "20500";
            delivery.nextAttemptAt = Instant.now();
            delivery.sealedRequest = cipher.seal(EventJson.write(Event.of(DeliveryRequested.TYPE,
                    DeliveryRequested.SCHEMA_VERSION, request)), "delivery-request:" + request.deliveryId());
            delivery.persist();
        });

        awaitStatus(request.deliveryId(), Status.SENT);
        assertEquals("Your Acme verification code is 7070707",
                FakeTwilio.form(FakeTwilio.requestsTo(MESSAGES, to).get(0)).get("Body"));
        Delivery sent = QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery> findById(request.deliveryId()));
        assertEquals(2, sent.attempts);
        // the first attempt's row was never written here (as for a delivery logged before V5): the log has the second
        List<DeliveryAttempt> attempts = attempts(request);
        assertEquals(List.of(2), attempts.stream().map(attempt -> attempt.number).toList());
        assertEquals(DeliveryAttempt.Outcome.SENT, attempts.get(0).outcome);
        assertEquals(null, sent.sealedRequest, "the code is gone once the message is out");
    }

    private static List<DeliveryAttempt> attempts(DeliveryRequested request) {
        return QuarkusTransaction.requiringNew()
                .call(() -> DeliveryAttempt.ofDeliveries(List.of(request.deliveryId())).get(request.deliveryId()));
    }

    private static Delivery row(DeliveryRequested request) {
        Delivery delivery = new Delivery();
        delivery.id = request.deliveryId();
        delivery.applicationId = request.applicationId();
        delivery.authyId = request.authyId();
        delivery.channel = request.channel();
        delivery.destination = request.destination();
        delivery.locale = "en";
        delivery.kind = request.kind();
        delivery.provider = "twilio";
        delivery.createdAt = Instant.now().minus(Duration.ofMinutes(10));
        delivery.updatedAt = delivery.createdAt;
        return delivery;
    }
}
