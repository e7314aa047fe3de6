package io.latchkey.user.stats;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Counts SMS and calls for {@code app/stats} from {@code deliveries.requested} (each one an API call too). */
@ApplicationScoped
public class DeliveryRequestsConsumer {

    /** The name its progress and processed events are kept under; what {@code ProjectionCatchUp} waits for. */
    public static final String CONSUMER = "user-service-stats-deliveries";

    @Inject
    IncomingEvents incoming;

    @Inject
    MonthlyStats stats;

    @Incoming("deliveries-requested")
    @Blocking(ordered = true)
    public void onDeliveriesRequested(ConsumerRecords<String, String> records) {
        incoming.applyAll(CONSUMER, records, DeliveryRequested.class, DeliveryRequested.SCHEMA_VERSION, this::apply);
    }

    private void apply(Event<DeliveryRequested> event) {
        DeliveryRequested request = event.payload();
        if (request.kind() == DeliveryRequested.Kind.INSTALL_LINK) {
            return; // sent by users/new, which counted itself as the API call
        }
        stats.count(request.applicationId(), event.occurredAt(), MonthlyCounter.API_CALLS);
        stats.count(request.applicationId(), event.occurredAt(),
                request.channel() == DeliveryRequested.Channel.VOICE ? MonthlyCounter.CALLS : MonthlyCounter.SMS);
    }
}
