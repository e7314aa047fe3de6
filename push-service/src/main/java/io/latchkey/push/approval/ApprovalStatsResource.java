package io.latchkey.push.approval;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.params.UtcMonth;
import io.latchkey.events.approvals.ApprovalRequestChanged.Status;
import io.latchkey.roles.OperatorRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * The operators' OneTouch figures of one UTC month (the console's overview): the approval requests created in it, per
 * application, by their status now (pending, approved, denied, expired). Applications without a request are left out.
 */
@Path("/admin/onetouch/stats")
@RolesAllowed(OperatorRoles.VIEWER)
public class ApprovalStatsResource {

    Clock clock = Clock.systemUTC();

    public record ApplicationMonth(@JsonProperty("app_id") long applicationId, long pending, long approved, long denied,
            long expired) {
    }

    public record MonthStats(String month, List<ApplicationMonth> applications) {
    }

    /** {@code month} as {@code 2026-12}; absent: the current month. */
    @GET
    @Transactional
    public MonthStats month(@QueryParam("month") String month) {
        UtcMonth shown = UtcMonth.parse(month, clock);
        List<Object[]> rows = ApprovalRequest.getEntityManager().createQuery("""
                select r.applicationId, r.status, count(r) from ApprovalRequest r
                where r.createdAt >= :start and r.createdAt < :end group by r.applicationId, r.status""", Object[].class)
                .setParameter("start", shown.start()).setParameter("end", shown.end()).getResultList();
        Map<Long, long[]> counts = new TreeMap<>();
        for (Object[] row : rows) {
            counts.computeIfAbsent((Long) row[0], id -> new long[Status.values().length])[((Status) row[1]).ordinal()] =
                    (Long) row[2];
        }
        return new MonthStats(shown.toString(), counts.entrySet().stream()
                .map(entry -> new ApplicationMonth(entry.getKey(), entry.getValue()[Status.PENDING.ordinal()],
                        entry.getValue()[Status.APPROVED.ordinal()], entry.getValue()[Status.DENIED.ordinal()],
                        entry.getValue()[Status.EXPIRED.ordinal()]))
                .toList());
    }
}
