package io.latchkey.console.audit;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** user-service's audit log (docs/operations.md "Audit log"), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/audit")
public interface AuditApi {

    record Entry(long id, @JsonProperty("occurred_at") Instant occurredAt, String actor, String service, String method,
            String path, String query) {
    }

    record Page(List<Entry> entries, @JsonProperty("next_before") Long nextBefore) {
    }

    @GET
    Page page(@QueryParam("before") Long before, @QueryParam("limit") int limit, @QueryParam("actor") String actor);
}
