package io.latchkey.console.overview;

import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** user-service's monthly statistics of every application (user-service/README.md), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/applications/stats")
public interface StatsApi {

    record Verifications(long valid, long invalid, @JsonProperty("locked_out") long lockedOut) {

        public long total() {
            return valid + invalid + lockedOut;
        }
    }

    record ApplicationStats(@JsonProperty("app_id") long applicationId, String name, Verifications verifications,
            @JsonProperty("sms_requested") long smsRequested, @JsonProperty("calls_requested") long callsRequested,
            @JsonProperty("api_calls") long apiCalls, @JsonProperty("new_users") long newUsers) {
    }

    record MonthStats(String month, List<ApplicationStats> applications) {
    }

    /** {@code month} as 2026-12; null: the current month (UTC). */
    @GET
    MonthStats month(@QueryParam("month") String month);
}
