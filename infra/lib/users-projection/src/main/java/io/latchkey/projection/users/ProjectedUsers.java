package io.latchkey.projection.users;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.Topics;
import io.latchkey.events.consumer.ProjectionCatchUp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads of the users projection that see every {@code users/new}, update and removal answered
 * before the call (docs/consistency.md). Call these before anything else reads the user in the
 * request: an entity already loaded would not be read again.
 */
@ApplicationScoped
public class ProjectedUsers {

    @Inject
    ProjectionCatchUp catchUp;

    /**
     * For decisions that send or create something (a code, a secret, an approval request): waits for
     * the partition that holds the user, then reads it. Unknown, removed or another application's: 404/60026.
     */
    public UserProjection requireCurrent(long applicationId, String rawId) {
        awaitCurrent(rawId);
        return UserProjection.require(applicationId, rawId);
    }

    /**
     * The hot path ({@code verify}): a user the projection has is used as it is, with no broker round
     * trip; only a user it does not know yet is waited for. A removal reaches this read a few
     * milliseconds after it was answered (docs/consistency.md "Grace after removal").
     */
    public UserProjection requireKnown(long applicationId, String rawId) {
        if (!isId(rawId)) {
            throw AuthyException.userNotFound();
        }
        long authyId = Long.parseLong(rawId);
        // one lookup on the hot path: outside a transaction a second one would be another query
        UserProjection user = UserProjection.findById(authyId);
        if (user == null) {
            awaitCurrent(rawId);
            user = UserProjection.findById(authyId);
        }
        if (user == null || !user.visibleTo(applicationId)) {
            throw AuthyException.userNotFound();
        }
        return user;
    }

    /** Waits for the partition that holds {@code rawId} (a malformed id has none and is not found anyway). */
    public void awaitCurrent(String rawId) {
        if (isId(rawId)) {
            catchUp.awaitKey(UsersProjectionConsumer.CONSUMER, Topics.USERS, String.valueOf(Long.parseLong(rawId)));
        }
    }

    private static boolean isId(String rawId) {
        return rawId != null && rawId.matches("\\d{1,18}");
    }
}
