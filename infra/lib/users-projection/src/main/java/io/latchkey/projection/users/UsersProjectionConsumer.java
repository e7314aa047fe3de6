package io.latchkey.projection.users;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.latchkey.events.Event;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.users.UserChanged;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Keeps {@link UserProjection} in step with the compacted {@code users} topic. The event id is recorded
 * in the same transaction as the change (a redelivery changes nothing) and an older revision never
 * overwrites a newer one (a replay, or a re-sent outbox row, can bring an old state late).
 */
@ApplicationScoped
public class UsersProjectionConsumer {

    private static final Logger LOG = Logger.getLogger(UsersProjectionConsumer.class);
    /** The name its progress and processed events are kept under; what {@code ProjectionCatchUp} waits for. */
    public static final String CONSUMER = "users-projection";

    @Inject
    IncomingEvents incoming;

    @Inject
    Instance<UserChangeEffect> effects;

    @Incoming("users")
    @Blocking(ordered = true)
    public void onUserEvents(ConsumerRecords<String, String> records) {
        incoming.applyAll(CONSUMER, records, UserChanged.class, UserChanged.SCHEMA_VERSION, this::apply);
    }

    private void apply(Event<UserChanged> event) {
        UserChanged change = event.payload();
        UserProjection user = UserProjection.findById(change.authyId());
        if (user != null && user.revision >= change.revision()) {
            LOG.debugf("user %d: revision %d is not newer than %d, ignored", change.authyId(), change.revision(), user.revision);
            return;
        }
        boolean isNew = user == null;
        if (isNew) {
            user = new UserProjection();
            user.authyId = change.authyId();
        }
        user.applicationId = change.applicationId();
        user.revision = change.revision();
        user.countryCode = change.countryCode();
        user.phoneE164 = change.phoneE164();
        user.email = change.email();
        user.registered = change.registered();
        user.deleted = change.deleted() || UserChanged.TYPE_REMOVED.equals(event.type());
        user.updatedAt = Instant.now();
        if (isNew) {
            user.persist();
        }
        effects.forEach(effect -> effect.apply(event));
    }
}
