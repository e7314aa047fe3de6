package io.latchkey.notifier.delivery;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class DeliveryRequestsConsumer {

    @Inject
    DeliveryService deliveries;

    /**
     * Ordered per partition, and requests are keyed by user (or number), so one user's messages are
     * attempted in order. A malformed message, an unknown schema version or a failure to record
     * goes to the dead-letter topic ({@code failure-strategy}), never silently away.
     */
    @Incoming("deliveries-requested")
    @Blocking(ordered = true)
    public void onDeliveryRequested(String json) {
        // no processed-event ledger here: the delivery log de-duplicates on the delivery id, across attempts
        Event<DeliveryRequested> event = IncomingEvents.read(json, DeliveryRequested.class, DeliveryRequested.SCHEMA_VERSION);
        deliveries.deliver(event.payload());
    }
}
