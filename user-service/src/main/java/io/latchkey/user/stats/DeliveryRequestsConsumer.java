package io.latchkey.user.stats;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.consumer.ProcessedEvents;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Counts SMS and calls for {@code app/stats} from {@code deliveries.requested} (each one an API call too). */
@ApplicationScoped
public class DeliveryRequestsConsumer {

    static final String CONSUMER = "user-service-stats-deliveries";

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    MonthlyStats stats;

    @Incoming("deliveries-requested")
    @Blocking(ordered = true)
    @Transactional
    public void onDeliveryRequested(String json) {
        Event<DeliveryRequested> event = EventJson.read(json, DeliveryRequested.class);
        if (!processedEvents.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        DeliveryRequested request = event.payload();
        if (request.kind() == DeliveryRequested.Kind.INSTALL_LINK) {
            return; // sent by users/new, which counted itself as the API call
        }
        stats.count(request.applicationId(), event.occurredAt(), MonthlyCounter.API_CALLS);
        stats.count(request.applicationId(), event.occurredAt(),
                request.channel() == DeliveryRequested.Channel.VOICE ? MonthlyCounter.CALLS : MonthlyCounter.SMS);
    }
}
