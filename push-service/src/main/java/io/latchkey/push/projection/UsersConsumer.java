package io.latchkey.push.projection;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.consumer.ProcessedEvents;
import io.latchkey.events.users.UserChanged;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Keeps {@link PushUser} in step with {@code users}; repeated and stale events change nothing. */
@ApplicationScoped
public class UsersConsumer {

    @Inject
    ProcessedEvents processedEvents;

    @Incoming("users")
    @Blocking
    @Transactional
    public void onUserEvent(String json) {
        Event<UserChanged> event = EventJson.read(json, UserChanged.class);
        if (!processedEvents.firstDelivery("push-users-projection", event.id())) {
            return;
        }
        UserChanged change = event.payload();
        PushUser user = PushUser.findById(change.authyId());
        if (user != null && user.revision >= change.revision()) {
            return;
        }
        boolean isNew = user == null;
        if (isNew) {
            user = new PushUser();
            user.authyId = change.authyId();
        }
        user.applicationId = change.applicationId();
        user.revision = change.revision();
        user.email = change.email();
        user.registered = change.registered();
        user.deleted = change.deleted();
        if (isNew) {
            user.persist();
        }
    }
}
