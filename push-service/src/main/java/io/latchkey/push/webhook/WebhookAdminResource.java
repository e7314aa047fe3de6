package io.latchkey.push.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.admin.Audited;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.push.delivery.DeliveryView;
import io.latchkey.push.delivery.OutboundDelivery;
import io.latchkey.roles.OperatorRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Operators' view of dashboard webhooks (OIDC: viewers read, operators redeliver, test and enable): an
 * application's webhooks with their state and why one was disabled, each webhook's recent deliveries with every attempt, redelivery of a past event by
 * its id, a test event, and enabling a disabled webhook again. Signing keys and event bodies are never shown.
 */
@Audited
@Path("/admin/webhooks")
@RolesAllowed(OperatorRoles.VIEWER)
public class WebhookAdminResource {

    @Inject
    Webhooks webhooks;

    @Inject
    WebhookClaims claims;

    public record WebhookView(String id, @JsonProperty("app_id") long applicationId, String name, String url,
            List<String> events, String state, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("failing_since") Instant failingSince, @JsonProperty("disabled_at") Instant disabledAt,
            @JsonProperty("disabled_reason") String disabledReason) {

        static WebhookView of(Webhook webhook) {
            return new WebhookView(webhook.id, webhook.applicationId, webhook.name, webhook.url, webhook.eventNames(),
                    webhook.state, webhook.createdAt, webhook.failingSince, webhook.disabledAt, webhook.disabledReason);
        }
    }

    @GET
    @Transactional
    public List<WebhookView> list(@QueryParam("app_id") Long applicationId) {
        if (applicationId == null) {
            throw AuthyException.invalidParameter("app_id", "Parameter is required");
        }
        return Webhook.ofApplication(applicationId).stream().map(WebhookView::of).toList();
    }

    /** The webhook's latest deliveries, newest first (at most {@code limit}, 100 at most). */
    @GET
    @Path("/{id}/deliveries")
    @Transactional
    public List<DeliveryView> deliveries(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("20") int limit) {
        if (Webhook.findById(id) == null) {
            throw AuthyException.notFound("webhook");
        }
        return OutboundDelivery.<OutboundDelivery> find("webhookId = ?1 order by createdAt desc", id)
                .page(0, Math.max(1, Math.min(limit, 100))).list().stream().map(DeliveryView::of).toList();
    }

    @RolesAllowed(OperatorRoles.OPERATOR)
    @POST
    @Path("/{id}/events/{eventId}/redeliver")
    @Transactional
    public DeliveryView redeliver(@PathParam("id") String id, @PathParam("eventId") String eventId) {
        UUID event;
        try {
            event = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw AuthyException.invalidParameter("event_id", "must be a UUID");
        }
        return DeliveryView.of(webhooks.redeliver(id, event));
    }

    @RolesAllowed(OperatorRoles.OPERATOR)
    @POST
    @Path("/{id}/test")
    @Transactional
    public DeliveryView sendTest(@PathParam("id") String id) {
        Webhook webhook = Webhook.<Webhook> findByIdOptional(id).orElseThrow(() -> AuthyException.notFound("webhook"));
        return DeliveryView.of(webhooks.sendTest(id, claims.test(webhook.applicationId)));
    }

    @RolesAllowed(OperatorRoles.OPERATOR)
    @POST
    @Path("/{id}/enable")
    @Transactional
    public WebhookView enable(@PathParam("id") String id) {
        return WebhookView.of(webhooks.enable(id));
    }
}
