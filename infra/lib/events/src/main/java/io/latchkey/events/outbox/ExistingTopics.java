package io.latchkey.events.outbox;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.latchkey.events.broker.KafkaAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The topics the broker has, as the outbox sender last saw them. A row for a topic that does not
 * exist is not handed to the producer: its send would block the producer's one sending thread for
 * {@code max.block.ms} while it waits for the topic's metadata, and every other row with it.
 */
@ApplicationScoped
class ExistingTopics {

    private static final Logger LOG = Logger.getLogger(ExistingTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** A topic missing now is looked for again at most this often. */
    private static final Duration REFRESH_AFTER_MISS = Duration.ofSeconds(2);

    @Inject
    KafkaAdmin kafka;

    private volatile Set<String> known = Set.of();
    private volatile boolean missSeen = true;
    private volatile long refreshedAt;

    /** The topics known to exist; refreshed first (outside any transaction) when a row missed one a while ago. */
    Set<String> current() {
        if (missSeen && System.nanoTime() - refreshedAt > REFRESH_AFTER_MISS.toNanos()) {
            refresh();
        }
        return known;
    }

    /** Whether the topic was there when last looked; never looks again (no call to the broker). */
    boolean known(String topic) {
        return known.contains(topic);
    }

    /** A row's topic was not in {@link #current()}: the next call looks again. */
    void missed() {
        missSeen = true;
    }

    private void refresh() {
        refreshedAt = System.nanoTime();
        try {
            known = Set.copyOf(kafka.admin().listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            missSeen = false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("topic list not refreshed: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
