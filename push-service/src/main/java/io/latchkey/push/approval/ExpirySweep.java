package io.latchkey.push.approval;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.approvals.ApprovalRequestChanged.Status;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.events.scheduling.PeriodicJobs;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Marks pending requests past their deadline {@code expired} and publishes the change. Reads never wait for
 * it (a request past its deadline already reads {@code expired}, and no device can answer it); the sweep makes
 * the state and the {@code approvals} topic say so too. Safe on several instances: rows are claimed with
 * {@code for update skip locked}.
 */
@ApplicationScoped
public class ExpirySweep {

    private static final int BATCH = 500;

    @Inject
    Scheduler scheduler;

    @Inject
    OneTouchPolicy policy;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    void start(@Observes StartupEvent event) {
        PeriodicJobs.every(scheduler, "latchkey-onetouch-expiry", policy.expirySweepInterval(), () -> sweep(Instant.now())).schedule();
    }

    /** @return how many requests were marked expired (at most one batch) */
    @Transactional
    public int sweep(Instant now) {
        @SuppressWarnings("unchecked")
        List<UUID> overdue = entityManager.createNativeQuery("""
                select uuid from approval_request where status = 'PENDING' and expires_at <= ?1
                order by expires_at limit ?2 for update skip locked""", UUID.class)
                .setParameter(1, now).setParameter(2, BATCH).getResultList();
        for (UUID uuid : overdue) {
            ApprovalRequest approval = ApprovalRequest.findById(uuid);
            approval.status = Status.EXPIRED;
            approval.updatedAt = now;
            outbox.publish(new ApprovalRequestChanged(approval.uuid, approval.applicationId, approval.authyId, Status.EXPIRED));
        }
        return overdue.size();
    }
}
