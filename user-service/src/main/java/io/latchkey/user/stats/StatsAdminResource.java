package io.latchkey.user.stats;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.params.UtcMonth;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.user.application.Application;
import io.latchkey.user.application.ApplicationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * Operators' statistics of one UTC month, every live application side by side (the console's overview):
 * verifications by outcome, SMS and calls requested, API calls, new users. Counted from the verifications and
 * delivery requests this service consumes, so a count follows its event by the time the event takes (seconds).
 */
@Path("/admin/applications/stats")
@RolesAllowed(OperatorRoles.VIEWER)
public class StatsAdminResource {

    @Inject
    MonthlyStats stats;

    @Inject
    ApplicationService applications;

    Clock clock = Clock.systemUTC();

    public record Verifications(long valid, long invalid, @JsonProperty("locked_out") long lockedOut) {
    }

    public record ApplicationStats(@JsonProperty("app_id") long applicationId, String name,
            Verifications verifications, @JsonProperty("sms_requested") long smsRequested,
            @JsonProperty("calls_requested") long callsRequested, @JsonProperty("api_calls") long apiCalls,
            @JsonProperty("new_users") long newUsers) {
    }

    public record MonthStats(String month, List<ApplicationStats> applications) {
    }

    /** {@code month} as {@code 2026-12}; absent: the current month. */
    @GET
    public MonthStats month(@QueryParam("month") String month) {
        UtcMonth shown = UtcMonth.parse(month, clock);
        Map<Long, MonthlyStats.ApplicationMonth> counted = stats.ofMonth(shown.month());
        List<ApplicationStats> rows = applications.list().stream().map(application -> of(application,
                counted.getOrDefault(application.id, new MonthlyStats.ApplicationMonth(application.id, 0, 0, 0, 0, 0,
                        0, 0))))
                .toList();
        return new MonthStats(shown.toString(), rows);
    }

    private static ApplicationStats of(Application application, MonthlyStats.ApplicationMonth month) {
        return new ApplicationStats(application.id, application.name, new Verifications(month.verificationsValid(),
                month.verificationsInvalid(), month.verificationsLocked()), month.sms(), month.calls(),
                month.apiCalls(), month.newUsers());
    }
}
