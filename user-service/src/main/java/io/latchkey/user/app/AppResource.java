package io.latchkey.user.app;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.apikey.ApplicationProjection;
import io.latchkey.authy.apikey.AuthenticatedApplication;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** {@code GET /protected/{format}/app/details}, authy-api.md row 12. */
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

    @GET
    @Path("/details")
    public DetailsResponse details() {
        ApplicationProjection application = authenticated.get();
        return new DetailsResponse(new AppDetails(application.applicationId, application.name, PLAN,
                application.smsEnabled, application.onetouchEnabled), "Application information.", true);
    }
}
