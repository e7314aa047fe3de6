package io.latchkey.console.webhook;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.outbound.OutboundDelivery;
import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** push-service's admin API for dashboard webhooks (push-service/README.md), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/webhooks")
public interface WebhooksApi {

    record Webhook(String id, @JsonProperty("app_id") long applicationId, String name, String url,
            List<String> events, String state, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("failing_since") Instant failingSince, @JsonProperty("disabled_at") Instant disabledAt,
            @JsonProperty("disabled_reason") String disabledReason) {

        public boolean disabled() {
            return "DISABLED".equals(state);
        }
    }

    @GET
    List<Webhook> list(@QueryParam("app_id") long applicationId);

    @GET
    @Path("/{id}/deliveries")
    List<OutboundDelivery> deliveries(@PathParam("id") String id, @QueryParam("limit") int limit);

    @POST
    @Path("/{id}/events/{eventId}/redeliver")
    OutboundDelivery redeliver(@PathParam("id") String id, @PathParam("eventId") String eventId);

    @POST
    @Path("/{id}/test")
    OutboundDelivery sendTest(@PathParam("id") String id);

    @POST
    @Path("/{id}/enable")
    Webhook enable(@PathParam("id") String id);
}
