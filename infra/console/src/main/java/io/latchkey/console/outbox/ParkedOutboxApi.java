package io.latchkey.console.outbox;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Each service's parked outbox rows (docs/events.md "Parked rows"), called as the operator; the gateway routes by service. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/outbox/{service}/parked")
public interface ParkedOutboxApi {

    /** The services with an outbox, in the order the page shows them. */
    List<String> SERVICES = List.of("user-service", "token-service", "push-service", "notifier-service");

    record Row(long id, @JsonProperty("event_id") String eventId, @JsonProperty("event_type") String eventType,
            String topic, String key, int attempts, @JsonProperty("last_error") String lastError,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("parked_at") Instant parkedAt) {
    }

    record Rows(String service, List<Row> parked) {
    }

    @GET
    Rows list(@PathParam("service") String service);

    @POST
    @Path("/{id}/replay")
    Row replay(@PathParam("service") String service, @PathParam("id") long id);
}
