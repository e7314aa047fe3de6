package io.latchkey.projection.users;

import io.latchkey.events.Event;
import io.latchkey.events.users.UserChanged;

/**
 * What a service does with a user change besides the projection, in the same transaction (so that it is seen
 * exactly when the user is): token-service stores an authenticator seed the migration import carried over.
 * Called once per change newer than the projection's.
 */
public interface UserChangeEffect {

    void apply(Event<UserChanged> event);
}
