package io.latchkey.notifier.delivery;

import java.time.Instant;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryStatusChanged;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.notifier.provider.MessageProvider;
import io.latchkey.notifier.provider.OutgoingMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Sends each requested delivery once: the delivery id is the row's primary key, so a redelivered
 * request finds its row and sends nothing.
 */
@ApplicationScoped
public class DeliveryService {

    @Inject
    MessageProvider provider;

    @Inject
    MessageTexts texts;

    @Inject
    Outbox outbox;

    @Transactional
    public void deliver(DeliveryRequested request) {
        if (Delivery.findById(request.deliveryId()) != null) {
            return;
        }
        Delivery delivery = new Delivery();
        delivery.id = request.deliveryId();
        delivery.applicationId = request.applicationId();
        delivery.authyId = request.authyId();
        delivery.channel = request.channel();
        delivery.destination = request.destination();
        delivery.locale = request.locale();
        delivery.kind = request.kind();
        delivery.provider = provider.name();
        delivery.createdAt = Instant.now();
        delivery.updatedAt = delivery.createdAt;

        delivery.providerMessageId = provider.send(new OutgoingMessage(request.deliveryId(), request.channel(),
                request.destination(), texts.render(request), request.locale()));
        delivery.status = DeliveryStatusChanged.Status.SENT;
        delivery.persist();

        DeliveryStatusChanged status = new DeliveryStatusChanged(delivery.id, delivery.applicationId, delivery.authyId,
                delivery.status, delivery.provider, delivery.providerMessageId, null);
        String key = request.authyId() != null ? String.valueOf(request.authyId()) : request.destination();
        outbox.publish(Topics.DELIVERIES_STATUS, key,
                Event.of(DeliveryStatusChanged.TYPE, DeliveryStatusChanged.SCHEMA_VERSION, status));
    }
}
