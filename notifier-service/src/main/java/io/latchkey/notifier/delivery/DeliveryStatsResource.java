package io.latchkey.notifier.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.params.UtcMonth;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.roles.OperatorRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * The operators' delivery figures of one UTC month (the console's overview): the SMS and calls requested in it, per
 * application, by how they ended so far. {@code sent}: the provider took it (sent or delivered); {@code failed}:
 * failed, undelivered or rejected; {@code pending}: queued or being retried. Applications without a delivery are left out.
 */
@Path("/admin/deliveries/stats")
@RolesAllowed(OperatorRoles.VIEWER)
public class DeliveryStatsResource {

    Clock clock = Clock.systemUTC();

    public record Outcomes(long sent, long failed, long pending) {
    }

    public record ApplicationMonth(@JsonProperty("app_id") long applicationId, Outcomes sms, Outcomes voice) {
    }

    public record MonthStats(String month, List<ApplicationMonth> applications) {
    }

    /** {@code month} as {@code 2026-12}; absent: the current month. */
    @GET
    @Transactional
    public MonthStats month(@QueryParam("month") String month) {
        UtcMonth shown = UtcMonth.parse(month, clock);
        List<Object[]> rows = Delivery.getEntityManager().createQuery("""
                select d.applicationId, d.channel, d.status, count(d) from Delivery d
                where d.createdAt >= :start and d.createdAt < :end group by d.applicationId, d.channel, d.status""",
                Object[].class).setParameter("start", shown.start()).setParameter("end", shown.end()).getResultList();
        // per application: [sms sent, sms failed, sms pending, voice sent, voice failed, voice pending]
        Map<Long, long[]> counts = new TreeMap<>();
        for (Object[] row : rows) {
            int column = (row[1] == Channel.VOICE ? 3 : 0) + outcome((Status) row[2]);
            counts.computeIfAbsent((Long) row[0], id -> new long[6])[column] += (Long) row[3];
        }
        return new MonthStats(shown.toString(), counts.entrySet().stream()
                .map(entry -> new ApplicationMonth(entry.getKey(),
                        new Outcomes(entry.getValue()[0], entry.getValue()[1], entry.getValue()[2]),
                        new Outcomes(entry.getValue()[3], entry.getValue()[4], entry.getValue()[5])))
                .toList());
    }

    /** 0 sent, 1 failed, 2 pending. */
    private static int outcome(Status status) {
        return switch (status) {
            case SENT, DELIVERED -> 0;
            case FAILED, UNDELIVERED, REJECTED -> 1;
            case QUEUED -> 2;
        };
    }
}
