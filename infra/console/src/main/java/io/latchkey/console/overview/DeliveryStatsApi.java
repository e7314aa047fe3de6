package io.latchkey.console.overview;

import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** notifier-service's monthly delivery figures (notifier-service/README.md), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/deliveries/stats")
public interface DeliveryStatsApi {

    record Outcomes(long sent, long failed, long pending) {
    }

    record ApplicationMonth(@JsonProperty("app_id") long applicationId, Outcomes sms, Outcomes voice) {
    }

    record MonthStats(String month, List<ApplicationMonth> applications) {
    }

    /** {@code month} as 2026-12; null: the current month (UTC). */
    @GET
    MonthStats month(@QueryParam("month") String month);
}
