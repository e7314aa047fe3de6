package io.latchkey.push.webhook;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.push.delivery.OutboundDelivery;
import io.latchkey.roles.OperatorRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * The operators' view of outbound traffic now (the console's overview), per application: events waiting for their
 * webhook (the backlog), endpoints failing (enabled, their latest deliveries failed) and endpoints disabled for
 * failing too long, and OneTouch callbacks waiting. Applications with none of these are left out.
 */
@Path("/admin/webhooks/stats")
@RolesAllowed(OperatorRoles.VIEWER)
public class WebhookStatsResource {

    public record ApplicationNow(@JsonProperty("app_id") long applicationId, long backlog,
            @JsonProperty("failing_endpoints") long failingEndpoints, @JsonProperty("disabled_endpoints") long disabledEndpoints,
            @JsonProperty("callbacks_pending") long callbacksPending) {
    }

    public record Now(List<ApplicationNow> applications) {
    }

    @GET
    @Transactional
    public Now now() {
        // per application: [webhook backlog, failing endpoints, disabled endpoints, callbacks pending]
        Map<Long, long[]> counts = new TreeMap<>();
        for (Object[] row : OutboundDelivery.getEntityManager().createQuery("""
                select d.applicationId, d.kind, count(d) from OutboundDelivery d where d.state = :pending
                group by d.applicationId, d.kind""", Object[].class)
                .setParameter("pending", OutboundDelivery.PENDING).getResultList()) {
            int column = OutboundDelivery.WEBHOOK.equals(row[1]) ? 0 : 3;
            counts.computeIfAbsent((Long) row[0], id -> new long[4])[column] += (Long) row[2];
        }
        for (Object[] row : Webhook.getEntityManager().createQuery("""
                select w.applicationId, w.state, count(w) from Webhook w
                where (w.state = :enabled and w.failingSince is not null) or w.state = :disabled
                group by w.applicationId, w.state""", Object[].class)
                .setParameter("enabled", Webhook.ENABLED).setParameter("disabled", Webhook.DISABLED).getResultList()) {
            int column = Webhook.ENABLED.equals(row[1]) ? 1 : 2;
            counts.computeIfAbsent((Long) row[0], id -> new long[4])[column] += (Long) row[2];
        }
        return new Now(counts.entrySet().stream()
                .map(entry -> new ApplicationNow(entry.getKey(), entry.getValue()[0], entry.getValue()[1],
                        entry.getValue()[2], entry.getValue()[3]))
                .toList());
    }
}
