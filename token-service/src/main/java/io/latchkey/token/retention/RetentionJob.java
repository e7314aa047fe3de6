package io.latchkey.token.retention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Deletes what has served its purpose and still holds a code (sealed or as an HMAC) or a phone
 * number: expired codes, phone verifications, device registrations and QR images. Nothing here is
 * needed once it has expired: an expired code never verifies, and reuse is recognised only while a
 * code is valid.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    @Inject
    EntityManager entityManager;

    @Inject
    RetentionConfig config;

    @Scheduled(every = "${latchkey.retention.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        purge(Instant.now());
    }

    /** @return rows deleted per table */
    @Transactional
    public Map<String, Integer> purge(Instant now) {
        Instant expiredBefore = now.minus(config.expiredRows());
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (String table : new String[] { "otp_code", "phone_verification", "device_registration", "qr_image" }) {
            deleted.put(table, delete("delete from " + table + " where expires_at < ?1", expiredBefore));
        }
        if (deleted.values().stream().anyMatch(count -> count > 0)) {
            LOG.infof("retention: deleted %s", deleted);
        }
        return deleted;
    }

    private int delete(String sql, Instant before) {
        return entityManager.createNativeQuery(sql).setParameter(1, before).executeUpdate();
    }
}
