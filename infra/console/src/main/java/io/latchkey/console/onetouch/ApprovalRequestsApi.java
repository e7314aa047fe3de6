package io.latchkey.console.onetouch;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** push-service's admin API for an application's approval requests (push-service/README.md), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/onetouch/approval-requests")
public interface ApprovalRequestsApi {

    record Request(String uuid, @JsonProperty("authy_id") long authyId, String status, String message,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("expires_at") Instant expiresAt,
            @JsonProperty("processed_at") Instant processedAt, boolean notified,
            @JsonProperty("decline_reason") String declineReason) {
    }

    record Page(List<Request> requests, @JsonProperty("next_before") Instant nextBefore) {
    }

    @GET
    Page page(@QueryParam("app_id") long applicationId, @QueryParam("status") String status,
            @QueryParam("before") String before, @QueryParam("limit") int limit);
}
