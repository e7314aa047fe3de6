package io.latchkey.console.importer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** user-service's record of a named import run (user-service/README.md "Admin API"), read as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/applications/{id}/users/import")
public interface ImportRunsApi {

    /**
     * {@code state}: running, done or failed; {@code percent}: of the upload read (null without a length);
     * {@code summary}: the import's last answer line, {@code rejected}: its first refused rows.
     */
    record Run(String id, @JsonProperty("app_id") long applicationId, @JsonProperty("dry_run") boolean dryRun, String state,
            @JsonProperty("lines_read") long linesRead, Integer percent, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("updated_at") Instant updatedAt, Map<String, Object> summary, List<Rejected> rejected,
            String failure) {

        public boolean running() {
            return "running".equals(state);
        }
    }

    record Rejected(long line, @JsonProperty("authy_id") String authyId, String reason) {
    }

    @GET
    @Path("/{importId}")
    Run get(@PathParam("id") long applicationId, @PathParam("importId") String importId);
}
