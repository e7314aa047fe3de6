package io.latchkey.console.overview;

import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** push-service's view of outbound traffic now: webhook backlog and endpoints, callbacks waiting (push-service/README.md). */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/webhooks/stats")
public interface WebhookStatsApi {

    record ApplicationNow(@JsonProperty("app_id") long applicationId, long backlog,
            @JsonProperty("failing_endpoints") long failingEndpoints, @JsonProperty("disabled_endpoints") long disabledEndpoints,
            @JsonProperty("callbacks_pending") long callbacksPending) {
    }

    record Now(List<ApplicationNow> applications) {
    }

    @GET
    Now now();
}
