package io.latchkey.console.delivery;

import java.time.Duration;
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
            @JsonProperty("updated_at") Instant updatedAt, @JsonProperty("attempt_log") List<Attempt> attemptLog) {
    }

    record Attempt(int number, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("finished_at") Instant finishedAt, String outcome, @JsonProperty("error_code") String errorCode,
            @JsonProperty("provider_message_id") String providerMessageId) {

        /** How long the provider took to answer; null while it has not (or never did: cut off by a crash). */
        public Long millis() {
            return finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis();
        }
    }

    record Search(List<Delivery> deliveries, @JsonProperty("next_before") Instant nextBefore) {
    }

    /** At least one of {@code app_id} and {@code destination}; {@code before}: a page's {@code next_before}. */
    @GET
    Search search(@QueryParam("app_id") Long applicationId, @QueryParam("destination") String destination,
            @QueryParam("before") String before, @QueryParam("limit") int limit);
}
