package io.latchkey.console.deadletter;

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
import jakarta.ws.rs.QueryParam;

/** The dead-letter admin API (docs/events.md "Dead letters"), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/dead-letters")
public interface DeadLettersApi {

    record Letter(String id, String topic, int partition, long offset,
            @JsonProperty("dead_lettered_at") Instant deadLetteredAt, String key,
            @JsonProperty("original_topic") String originalTopic,
            @JsonProperty("event_type") String eventType, @JsonProperty("event_id") String eventId,
            String reason, @JsonProperty("payload_bytes") int payloadBytes, boolean replayed) {
    }

    record Letters(List<String> topics, @JsonProperty("dead_letters") List<Letter> deadLetters) {
    }

    @GET
    Letters list(@QueryParam("topic") String topic, @QueryParam("limit") int limit);

    @POST
    @Path("/{topic}/{partition}/{offset}/replay")
    void replay(@PathParam("topic") String topic, @PathParam("partition") int partition,
            @PathParam("offset") long offset);
}
