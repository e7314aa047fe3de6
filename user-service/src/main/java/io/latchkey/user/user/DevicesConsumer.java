package io.latchkey.user.user;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.devices.DeviceChanged;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Devices registered and removed at token-service, for {@code users/{id}/status}; a device also registers its user. */
@ApplicationScoped
public class DevicesConsumer {

    /** The name its progress and processed events are kept under; what {@code ProjectionCatchUp} waits for. */
    public static final String CONSUMER = "user-service-devices";

    @Inject
    IncomingEvents incoming;

    @Inject
    UserService users;

    @Incoming("devices")
    @Blocking(ordered = true)
    public void onDevices(ConsumerRecords<String, String> records) {
        incoming.applyAll(CONSUMER, records, DeviceChanged.class, DeviceChanged.SCHEMA_VERSION, this::apply);
    }

    private void apply(Event<DeviceChanged> event) {
        DeviceChanged device = event.payload();
        User user = User.findById(device.authyId());
        if (user == null || user.applicationId != device.applicationId()) {
            return; // a device of a user this service never had: nothing to show
        }
        if (device.status() == DeviceChanged.Status.REMOVED) {
            UserDevice.deleteById(device.deviceId());
            return;
        }
        String osType = device.osType() == null || device.osType().isBlank() ? "unknown" : device.osType();
        if (UserDevice.findById(device.deviceId()) == null) {
            UserDevice row = new UserDevice();
            row.deviceId = device.deviceId();
            row.authyId = device.authyId();
            row.osType = osType;
            row.registeredAt = event.occurredAt();
            row.persist();
        }
        users.markRegistered(device.authyId(), event.occurredAt(), "device:" + osType);
    }
}
