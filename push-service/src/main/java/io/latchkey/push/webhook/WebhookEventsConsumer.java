package io.latchkey.push.webhook;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
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
            case Topics.USERS -> handling(UserChanged.class, UserChanged.SCHEMA_VERSION, UserChanged::applicationId,
                    claims::ofUser);
            case Topics.VERIFICATIONS -> handling(VerificationChecked.class, VerificationChecked.SCHEMA_VERSION,
                    VerificationChecked::applicationId, claims::ofVerification);
            case Topics.DEVICES -> handling(DeviceChanged.class, DeviceChanged.SCHEMA_VERSION, DeviceChanged::applicationId,
                    claims::ofDevice);
            case Topics.DELIVERIES_REQUESTED -> handling(DeliveryRequested.class, DeliveryRequested.SCHEMA_VERSION,
                    DeliveryRequested::applicationId, claims::ofDeliveryRequest);
            case Topics.APPROVALS -> handling(ApprovalRequestChanged.class, ApprovalRequestChanged.SCHEMA_VERSION,
                    ApprovalRequestChanged::applicationId, claims::ofApproval);
            case Topics.PHONE_VERIFICATIONS -> handling(PhoneVerificationChanged.class,
                    PhoneVerificationChanged.SCHEMA_VERSION, PhoneVerificationChanged::applicationId,
                    claims::ofPhoneVerification);
            default -> throw new IllegalStateException("webhook-events does not read " + record.topic());
        };
    }

    /**
     * An event of an application without webhooks concerns nobody: no claims, no processed-event row (most
     * applications have none, and every user, code and delivery of theirs comes by here). A webhook created later
     * does not receive it anyway: it gets the events that happen after its creation.
     */
    private <P> IncomingEvents.Handling<P> handling(Class<P> payloadType, int schemaVersion,
            ToLongFunction<P> applicationOf, Function<Event<P>, Optional<Webhooks.PlatformEvent>> claimsOf) {
        return new IncomingEvents.Handling<>(payloadType, schemaVersion,
                event -> webhooks.anyWebhook(applicationOf.applyAsLong(event.payload())),
                event -> claimsOf.apply(event).ifPresent(webhooks::deliver));
    }
}
