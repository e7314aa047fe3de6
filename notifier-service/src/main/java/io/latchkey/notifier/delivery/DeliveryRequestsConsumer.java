package io.latchkey.notifier.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class DeliveryRequestsConsumer {

    /** The name its retries and dead letters are counted under. */
    public static final String CONSUMER = "notifier-deliveries";

    @Inject
    IncomingEvents incoming;

    @Inject
    DeliveryService deliveries;

    /**
     * A poll's requests at once, admitted in order (requests are keyed by user, or number, so one user's requests
     * are admitted in order). Recording requests is retried while the database fails; a malformed message or an
     * unknown schema version goes to the dead-letter topic (IncomingEvents, before the records are acknowledged).
     */
    @Incoming("deliveries-requested")
    @Blocking(ordered = true)
    public void onDeliveryRequests(ConsumerRecords<String, String> records) {
        // no processed-event ledger here: the delivery log de-duplicates on the delivery id, so a retry is safe
        incoming.handleAll(CONSUMER, records, DeliveryRequested.class, DeliveryRequested.SCHEMA_VERSION,
                events -> deliveries.deliver(events.stream().map(Event::payload).toList()));
    }
}
