package io.latchkey.notifier.delivery;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.EventJson;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class DeliveryRequestsConsumer {

    @Inject
    DeliveryService deliveries;

    /** Ordered per key (one user's messages in order); a malformed message goes to the dead-letter topic. */
    @Incoming("deliveries-requested")
    @Blocking(ordered = true)
    public void onDeliveryRequested(String json) {
        deliveries.deliver(EventJson.read(json, DeliveryRequested.class).payload());
    }
}
