package io.latchkey.projection.users;

import java.util.function.Supplier;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.Topics;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.latchkey.events.consumer.ProjectionCatchUp.Outcome;
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
     * the partition that holds the user, then reads it. Removed or another application's: 404/60026;
     * unknown: 404/60026 too, once the wait confirmed it, else 503 ({@link #unknown}).
     */
    public UserProjection requireCurrent(long applicationId, String rawId) {
        Outcome outcome = awaitCurrent(rawId);
        return require(applicationId, rawId, () -> outcome);
    }

    /**
     * The hot path ({@code verify}): a user the projection has is used as it is, with no broker round
     * trip; only a user it does not know yet is waited for. A removal reaches this read a few
     * milliseconds after it was answered (docs/consistency.md "Grace after removal").
     */
    public UserProjection requireKnown(long applicationId, String rawId) {
        return require(applicationId, rawId, () -> awaitCurrent(rawId));
    }

    /**
     * Waits for the partition that holds {@code rawId}; a malformed id has none and is not found anyway
     * ({@link Outcome#CAUGHT_UP}: nothing was left to wait for).
     */
    public Outcome awaitCurrent(String rawId) {
        return isId(rawId)
                ? catchUp.awaitKey(UsersProjectionConsumer.CONSUMER, Topics.USERS, String.valueOf(Long.parseLong(rawId)))
                : Outcome.CAUGHT_UP;
    }

    /**
     * The answer for a user the projection does not have after a wait that ended as {@code outcome}. Only a
     * completed wait proves that no call answered before this one created the user: after a wait cut short
     * (the consumer behind for longer than the bound, the broker not answering) a 404 could deny a user
     * that exists, so the client is told to try again instead (503, {@code Retry-After: 1};
     * docs/consistency.md "Bounds and degraded mode").
     */
    public static AuthyException unknown(Outcome outcome) {
        return outcome == Outcome.CAUGHT_UP ? AuthyException.userNotFound() : AuthyException.unavailable();
    }

    private static UserProjection require(long applicationId, String rawId, Supplier<Outcome> waitIfAbsent) {
        if (!isId(rawId)) {
            throw AuthyException.userNotFound();
        }
        long authyId = Long.parseLong(rawId);
        // one lookup on the hot path: outside a transaction a second one would be another query
        UserProjection user = UserProjection.findById(authyId);
        if (user == null) {
            Outcome outcome = waitIfAbsent.get();
            user = UserProjection.findById(authyId);
            if (user == null) {
                throw unknown(outcome);
            }
        }
        if (!user.visibleTo(applicationId)) {
            throw AuthyException.userNotFound();
        }
        return user;
    }

    private static boolean isId(String rawId) {
        return rawId != null && rawId.matches("\\d{1,18}");
    }
}
