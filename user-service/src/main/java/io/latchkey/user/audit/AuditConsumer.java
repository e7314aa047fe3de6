package io.latchkey.user.audit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.audit.AdminActionRecorded;
import io.latchkey.events.consumer.IncomingEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Every service's admin changes, from the {@code audit} topic into the audit log (once each: the event id is unique). */
@ApplicationScoped
public class AuditConsumer {

    /** The name its progress and processed events are kept under; what {@code ProjectionCatchUp} waits for. */
    public static final String CONSUMER = "user-service-audit";

    @Inject
    IncomingEvents incoming;

    @Incoming("audit")
    @Blocking(ordered = true)
    public void onAction(ConsumerRecord<String, String> record) {
        incoming.apply(CONSUMER, record, AdminActionRecorded.class, AdminActionRecorded.SCHEMA_VERSION, AuditConsumer::record);
    }

    private static void record(Event<AdminActionRecorded> event) {
        AdminActionRecorded action = event.payload();
        AuditEntry entry = new AuditEntry();
        entry.eventId = event.id();
        entry.occurredAt = event.occurredAt();
        entry.actor = action.actor();
        entry.service = action.service();
        entry.method = action.method();
        entry.path = action.path();
        entry.query = action.query();
        entry.persist();
    }
}
