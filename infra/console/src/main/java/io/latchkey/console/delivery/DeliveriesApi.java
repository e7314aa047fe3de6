package io.latchkey.console.delivery;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** notifier-service's admin API for SMS and voice deliveries (notifier-service/README.md); numbers come masked. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/deliveries")
public interface DeliveriesApi {

    record Delivery(String id, @JsonProperty("application_id") long applicationId,
            @JsonProperty("authy_id") Long authyId, String channel, String destination, String kind, String locale,
            String status, String provider, @JsonProperty("error_code") String errorCode, int attempts,
            @JsonProperty("next_attempt_at") Instant nextAttemptAt, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("updated_at") Instant updatedAt) {
    }

    record Search(List<Delivery> deliveries) {
    }

    @GET
    Search toNumber(@QueryParam("destination") String destination, @QueryParam("limit") int limit);
}
