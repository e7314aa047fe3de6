package io.latchkey.user.app;

import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

import io.latchkey.user.stats.MonthlyStats;
import io.latchkey.user.user.User;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.events.Topics;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.user.stats.DeliveryRequestsConsumer;
import io.latchkey.user.user.VerificationsConsumer;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** {@code GET /protected/{format}/app/details}, docs/authy-api.md row 12. */
@Path("/protected/{format}/app")
public class AppResource {

    /** Latchkey has no billing plans; Authy's pay-as-you-go name keeps clients that display it happy. */
    static final String PLAN = "pay_as_you_go";

    @Inject
    AuthenticatedApplication authenticated;

    public record AppDetails(
            @JsonProperty("app_id") long appId,
            String name,
            String plan,
            @JsonProperty("sms_enabled") boolean smsEnabled,
            @JsonProperty("onetouch_enabled") boolean onetouchEnabled) {
    }

    public record DetailsResponse(AppDetails app, String message, boolean success) {
    }

    /** AC requires exactly these seven keys in each item (docs/authy-api.md row 13). */
    public record MonthStats(
            String month,
            int year,
            @JsonProperty("api_calls_count") long apiCallsCount,
            @JsonProperty("auths_count") long authsCount,
            @JsonProperty("calls_count") long callsCount,
            @JsonProperty("sms_count") long smsCount,
            @JsonProperty("users_count") long usersCount) {
    }

    public record StatsResponse(
            @JsonProperty("app_id") long appId,
            int count,
            @JsonProperty("total_users") long totalUsers,
            String message,
            List<MonthStats> stats,
            boolean success) {
    }

    @Inject
    MonthlyStats monthlyStats;

    @Inject
    ProjectionCatchUp catchUp;

    @GET
    @Path("/stats")
    public StatsResponse stats() {
        long applicationId = authenticated.id();
        // SMS, calls and verifications answered before this call are counted
        catchUp.awaitTopic(DeliveryRequestsConsumer.CONSUMER, Topics.DELIVERIES_REQUESTED);
        catchUp.awaitTopic(VerificationsConsumer.CONSUMER, Topics.VERIFICATIONS);
        List<MonthStats> months = monthlyStats.lastYear(applicationId).stream()
                .map(month -> new MonthStats(month.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                        month.month().getYear(), month.apiCalls(), month.auths(), month.calls(), month.sms(), month.users()))
                .toList();
        return new StatsResponse(applicationId, months.size(), User.countLive(applicationId), "Monthly statistics.", months, true);
    }

    @GET
    @Path("/details")
    public DetailsResponse details() {
        ApplicationProjection application = authenticated.get();
        return new DetailsResponse(new AppDetails(application.applicationId, application.name, PLAN,
                application.smsEnabled, application.onetouchEnabled), "Application information.", true);
    }
}
