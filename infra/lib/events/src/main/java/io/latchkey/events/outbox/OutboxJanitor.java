package io.latchkey.events.outbox;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.latchkey.events.scheduling.PeriodicJobs;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Deletes what has served its purpose: sent outbox rows (whose payloads can hold OTP codes, phone numbers
 * and emails, so they must not become an archive) and old processed-event ids.
 */
@ApplicationScoped
public class OutboxJanitor {

    private static final Logger LOG = Logger.getLogger(OutboxJanitor.class);

    @Inject
    EntityManager entityManager;

    @Inject
    OutboxConfig config;

    @Inject
    Scheduler scheduler;

    void onStarted(@Observes StartupEvent event) {
        PeriodicJobs.every(scheduler, "latchkey-outbox-janitor", config.purgeInterval(), () -> purge(Instant.now()))
                .setDelayed("30s")
                .schedule();
    }

    @Transactional
    public void purge(Instant now) {
        int sent = entityManager.createNativeQuery("delete from outbox_message where sent_at < ?1")
                .setParameter(1, now.minus(config.sentRetention()))
                .executeUpdate();
        int processed = entityManager.createNativeQuery("delete from processed_event where processed_at < ?1")
                .setParameter(1, now.minus(config.processedEventRetention()))
                .executeUpdate();
        if (sent + processed > 0) {
            LOG.debugf("purged %d sent outbox rows and %d processed event ids", sent, processed);
        }
    }
}
