package io.latchkey.user.user;

import java.util.Locale;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.user.stats.MonthlyCounter;
import io.latchkey.user.stats.MonthlyStats;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * token-service's verify answers: the first valid one registers the user (docs/authy-api.md §6), every
 * answer is an API call and every valid one an authentication for {@code app/stats}; refused ones are counted
 * by outcome for the operators' statistics.
 */
@ApplicationScoped
public class VerificationsConsumer {

    /** The name its progress and processed events are kept under; what {@code ProjectionCatchUp} waits for. */
    public static final String CONSUMER = "user-service-verifications";

    @Inject
    IncomingEvents incoming;

    @Inject
    UserService users;

    @Inject
    MonthlyStats stats;

    @Incoming("verifications")
    @Blocking(ordered = true)
    public void onVerifications(ConsumerRecords<String, String> records) {
        incoming.applyAll(CONSUMER, records, VerificationChecked.class, VerificationChecked.SCHEMA_VERSION, this::apply);
    }

    private void apply(Event<VerificationChecked> event) {
        VerificationChecked checked = event.payload();
        stats.count(checked.applicationId(), event.occurredAt(), MonthlyCounter.API_CALLS);
        switch (checked.outcome()) {
            case VALID -> {
                stats.count(checked.applicationId(), event.occurredAt(), MonthlyCounter.AUTHS);
                users.markRegistered(checked.authyId(), event.occurredAt(), checked.method().name().toLowerCase(Locale.ROOT));
            }
            case INVALID, REUSED -> stats.count(checked.applicationId(), event.occurredAt(),
                    MonthlyCounter.INVALID_VERIFICATIONS);
            case LOCKED_OUT -> stats.count(checked.applicationId(), event.occurredAt(),
                    MonthlyCounter.LOCKED_VERIFICATIONS);
        }
    }
}
