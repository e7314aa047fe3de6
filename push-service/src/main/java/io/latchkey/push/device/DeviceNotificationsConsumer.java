package io.latchkey.push.device;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.devices.DeviceNotificationRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Keeps the nudges of {@code devices.notifications} until the device's next poll takes them. */
@ApplicationScoped
public class DeviceNotificationsConsumer {

    /** The name its progress and processed events are kept under; what {@code ProjectionCatchUp} waits for. */
    public static final String CONSUMER = "push-service-device-notifications";

    @Inject
    IncomingEvents incoming;

    @Incoming("device-notifications")
    @Blocking(ordered = true)
    public void onNotifications(ConsumerRecords<String, String> records) {
        incoming.applyAll(CONSUMER, records, DeviceNotificationRequested.class, DeviceNotificationRequested.SCHEMA_VERSION,
                this::apply);
    }

    private void apply(Event<DeviceNotificationRequested> event) {
        DeviceNotificationRequested nudge = event.payload();
        DeviceNotification notification = new DeviceNotification();
        notification.id = event.id();
        notification.deviceId = nudge.deviceId();
        notification.authyId = nudge.authyId();
        notification.reason = nudge.reason();
        notification.createdAt = event.occurredAt();
        notification.persist();
    }
}
