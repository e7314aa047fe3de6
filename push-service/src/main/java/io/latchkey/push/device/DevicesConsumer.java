package io.latchkey.push.device;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.devices.DeviceChanged;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Keeps {@link DeviceProjection} from the {@code devices} topic: who may answer approval requests, with which key. */
@ApplicationScoped
public class DevicesConsumer {

    /** The name its progress and processed events are kept under; what {@code ProjectionCatchUp} waits for. */
    public static final String CONSUMER = "push-service-devices";

    @Inject
    IncomingEvents incoming;

    @Incoming("devices")
    @Blocking(ordered = true)
    public void onDevices(ConsumerRecords<String, String> records) {
        incoming.applyAll(CONSUMER, records, DeviceChanged.class, DeviceChanged.SCHEMA_VERSION, this::apply);
    }

    private void apply(Event<DeviceChanged> event) {
        DeviceChanged changed = event.payload();
        DeviceProjection device = DeviceProjection.findById(changed.deviceId());
        if (device == null) {
            device = new DeviceProjection();
            device.deviceId = changed.deviceId();
        } else if (!device.registered) {
            return; // a removed device never comes back (a device id is never reused)
        }
        device.authyId = changed.authyId();
        device.applicationId = changed.applicationId();
        device.osType = changed.osType();
        if (changed.publicKey() != null) {
            device.publicKey = changed.publicKey();
            device.keyAlgorithm = changed.keyAlgorithm();
        }
        device.registered = changed.status() == DeviceChanged.Status.REGISTERED;
        device.persist();
    }
}
