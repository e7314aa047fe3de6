package io.latchkey.token.projection;

import java.time.Instant;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.consumer.ProcessedEvents;
import io.latchkey.events.users.UserChanged;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Keeps {@link TokenUser} in step with the compacted {@code users} topic. The event id is recorded
 * in the same transaction as the change (a redelivery changes nothing) and an older revision never
 * overwrites a newer one (the topic is keyed by authy_id, but a replay after compaction or a second
 * producer instance could still bring an old state).
 */
@ApplicationScoped
public class UsersConsumer {

    private static final Logger LOG = Logger.getLogger(UsersConsumer.class);
    static final String CONSUMER = "token-users-projection";

    @Inject
    ProcessedEvents processedEvents;

    @Incoming("users")
    @Blocking
    @Transactional
    public void onUserEvent(String json) {
        Event<UserChanged> event = EventJson.read(json, UserChanged.class);
        if (!processedEvents.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        UserChanged change = event.payload();
        TokenUser user = TokenUser.findById(change.authyId());
        if (user != null && user.revision >= change.revision()) {
            LOG.debugf("user %d: revision %d is not newer than %d, ignored", change.authyId(), change.revision(), user.revision);
            return;
        }
        boolean isNew = user == null;
        if (isNew) {
            user = new TokenUser();
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
    }
}
