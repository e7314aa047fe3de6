package io.latchkey.push.webhook;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Topics;
import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.devices.DeviceChanged;
import io.latchkey.events.phoneverifications.PhoneVerificationChanged;
import io.latchkey.events.users.UserChanged;
import io.latchkey.events.verifications.VerificationChecked;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Feeds dashboard webhooks from the platform's topics (one group, {@code push-service-webhooks}): each event
 * with a webhook name becomes deliveries in the same transaction as the consumer's progress, so an event is
 * delivered to a webhook once however often Kafka hands it over (at least once after that, by the sender).
 */
@ApplicationScoped
public class WebhookEventsConsumer {

    public static final String CONSUMER = "push-service-webhooks";

    @Inject
    IncomingEvents incoming;

    @Inject
    WebhookClaims claims;

    @Inject
    Webhooks webhooks;

    @Incoming("webhook-events")
    @Blocking(ordered = true)
    public void onEvents(ConsumerRecords<String, String> records) {
        incoming.applyAll(CONSUMER, records, this::handling);
    }

    /** Each topic carries exactly one payload record (docs/event-catalogue.md). */
    private IncomingEvents.Handling<?> handling(ConsumerRecord<String, String> record) {
        return switch (record.topic()) {
            case Topics.USERS -> new IncomingEvents.Handling<>(UserChanged.class, UserChanged.SCHEMA_VERSION,
                    event -> claims.ofUser(event).ifPresent(webhooks::deliver));
            case Topics.VERIFICATIONS -> new IncomingEvents.Handling<>(VerificationChecked.class,
                    VerificationChecked.SCHEMA_VERSION, event -> claims.ofVerification(event).ifPresent(webhooks::deliver));
            case Topics.DEVICES -> new IncomingEvents.Handling<>(DeviceChanged.class, DeviceChanged.SCHEMA_VERSION,
                    event -> claims.ofDevice(event).ifPresent(webhooks::deliver));
            case Topics.DELIVERIES_REQUESTED -> new IncomingEvents.Handling<>(DeliveryRequested.class,
                    DeliveryRequested.SCHEMA_VERSION, event -> claims.ofDeliveryRequest(event).ifPresent(webhooks::deliver));
            case Topics.APPROVALS -> new IncomingEvents.Handling<>(ApprovalRequestChanged.class,
                    ApprovalRequestChanged.SCHEMA_VERSION, event -> claims.ofApproval(event).ifPresent(webhooks::deliver));
            case Topics.PHONE_VERIFICATIONS -> new IncomingEvents.Handling<>(PhoneVerificationChanged.class,
                    PhoneVerificationChanged.SCHEMA_VERSION,
                    event -> claims.ofPhoneVerification(event).ifPresent(webhooks::deliver));
            default -> throw new IllegalStateException("webhook-events does not read " + record.topic());
        };
    }
}
