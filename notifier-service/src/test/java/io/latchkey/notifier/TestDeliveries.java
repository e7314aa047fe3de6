package io.latchkey.notifier;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.deliveries.DeliveryStatusChanged;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Requests in and statuses out on the real broker, as token-service and its consumers see them. */
public final class TestDeliveries {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestDeliveries() {
    }

    /** Publishes an application (as user-service would) and waits until this service's projection has it. */
    public static void application(long id, String name, String defaultLocale, List<String> allowedCountries) {
        TestApplications.publish(new ApplicationChanged(id, 1, name, ApiKeys.sha256Hex("key-" + id), null, 7, true, true,
                true, true, false, null, "POST", defaultLocale, allowedCountries, null, null, false));
        await().atMost(TIMEOUT).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> ApplicationProjection.findById(id) != null));
    }

    public static DeliveryRequested request(long applicationId, long authyId, Channel channel, String to, String locale,
            String code) {
        UUID deliveryId = UUID.randomUUID();
        // sealed as token-service seals it: the notifier opens it with the platform's key
        String sealed = Arc.container().instance(SecretCipher.class).get().seal(code, DeliveryRequested.codeSealingContext(deliveryId));
        return new DeliveryRequested(deliveryId, applicationId, authyId, channel, to, locale, Kind.OTP, null, null, sealed);
    }

    public static Event<DeliveryRequested> publish(DeliveryRequested request) {
        Event<DeliveryRequested> event = Event.of(DeliveryRequested.TYPE, DeliveryRequested.SCHEMA_VERSION, request);
        publish(request, event);
        return event;
    }

    public static void publish(DeliveryRequested request, Event<DeliveryRequested> event) {
        String key = request.authyId() != null ? String.valueOf(request.authyId()) : request.destination();
        TestEvents.publish(Topics.DELIVERIES_REQUESTED, key, event);
    }

    public static DeliveryStatusChanged awaitStatus(UUID deliveryId, Status status) {
        return TestEvents.await(Topics.DELIVERIES_STATUS, DeliveryStatusChanged.class,
                event -> event.payload().deliveryId().equals(deliveryId) && event.payload().status() == status, TIMEOUT)
                .payload();
    }

    /** Every status event of one delivery so far, in order. */
    public static List<DeliveryStatusChanged> statuses(UUID deliveryId, String key) {
        return TestEvents.recordsWithKey(Topics.DELIVERIES_STATUS, key, Duration.ofSeconds(2)).stream()
                .map(record -> io.latchkey.events.EventJson.read(record.value(), DeliveryStatusChanged.class).payload())
                .filter(status -> status.deliveryId().equals(deliveryId))
                .toList();
    }
}
