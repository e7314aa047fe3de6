package io.latchkey.notifier.delivery;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.latchkey.notifier.config.NotifierConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The delivery log keeps no full phone number past {@link NotifierConfig#retention()}: settled
 * deliveries older than that keep their status, counts and provider ids, with the number masked as
 * {@code PhoneMasks.forLog} masks it (country prefix and last two digits). Codes are never in the log:
 * a pending retry's request is sealed and dropped when the delivery settles.
 */
@ApplicationScoped
public class DeliveryRetention {

    private static final Logger LOG = Logger.getLogger(DeliveryRetention.class);

    @Inject
    EntityManager entityManager;

    @Inject
    NotifierConfig config;

    @Scheduled(every = "${latchkey.notifier.retention-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        maskOldNumbers(Instant.now());
    }

    /** @return deliveries whose number was masked now */
    @Transactional
    public int maskOldNumbers(Instant now) {
        int masked = entityManager.createNativeQuery("""
                update delivery
                set destination = left(destination, 2) || repeat('*', greatest(length(destination) - 4, 0)) || right(destination, 2),
                    sealed_request = null
                where updated_at < ?1 and status <> 'QUEUED' and length(destination) > 4 and destination not like '%*%'""")
                .setParameter(1, now.minus(config.retention()))
                .executeUpdate();
        if (masked > 0) {
            LOG.infof("retention: masked the number of %d settled deliveries", masked);
        }
        return masked;
    }
}
