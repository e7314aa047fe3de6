package io.latchkey.projection.applications;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.latchkey.crypto.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application behind an API key, as the projection had it moments ago. Every Authy call authenticates, and a
 * query per call was a third of user-service's CPU for {@code app/details} (docs/performance.md).
 * <p>
 * Read your writes still holds: an entry is used for at most {@code latchkey.readers-cache.applications}, counted
 * from before the query that read it, and the writer of an application change answers only after every service's
 * consumer applied it and then that long again ({@code ProjectionCatchUp.awaitReaders}). So whatever a reader still
 * keeps from before the change is past its time when the change's answer goes out, in every instance of every
 * service. Unknown keys are not kept: a key created a moment ago is found at its first call.
 */
@ApplicationScoped
public class ApplicationsByApiKey {

    /** An application as read by a query that started at {@code readAt} ({@link System#nanoTime()}). */
    private record Read(ApplicationProjection application, long readAt) {
    }

    private final long keptNanos;
    private final Cache<String, Read> byDigest;

    ApplicationsByApiKey(@ConfigProperty(name = "latchkey.readers-cache.applications") Duration kept) {
        this.keptNanos = kept.toNanos();
        // the size bound is for many applications or a storm of rotations; expiry on write only frees memory,
        // what decides whether an entry may be used is fresh() below
        this.byDigest = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(kept).build();
    }

    /** The live application whose key this is; never a deleted one. */
    public Optional<ApplicationProjection> find(String apiKey) {
        String digest = ApiKeys.sha256Hex(apiKey);
        Read kept = keptNanos > 0 ? byDigest.getIfPresent(digest) : null;
        if (kept != null && fresh(kept)) {
            return Optional.of(kept.application());
        }
        long readAt = System.nanoTime();
        Optional<ApplicationProjection> found = ApplicationProjection.findByDigest(digest);
        if (found.isPresent() && keptNanos > 0) {
            // shared between requests from now on: no session may manage (and flush) it
            ApplicationProjection.getEntityManager().detach(found.get());
            byDigest.put(digest, new Read(found.get(), readAt));
        }
        return found;
    }

    private boolean fresh(Read read) {
        return System.nanoTime() - read.readAt() < keptNanos;
    }
}
