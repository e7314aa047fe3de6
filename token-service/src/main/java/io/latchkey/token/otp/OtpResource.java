package io.latchkey.token.otp;

import java.util.Optional;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.authy.params.AuthyParams;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.ProjectedUsers;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.channel.Channel;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** {@code sms/{id}} and {@code call/{id}}, docs/authy-api.md rows 9 and 10. */
@Path("/protected/{format}")
public class OtpResource {

    static final String SMS_IGNORED = "Ignored: SMS is not needed for smartphones. Pass force=true if you want to actually send it anyway.";
    /** Two spaces after "using", as in the J and AC fixtures (docs/authy-api.md row 10, §8). */
    static final String CALL_IGNORED = "Call ignored. User is using  App Tokens and this call is not necessary. "
            + "Pass force=true if you still want to call users that are using the App.";

    @Inject
    ProjectedUsers users;

    @Inject
    AuthyParams params;

    @Inject
    AuthenticatedApplication application;

    @Inject
    OtpService otp;

    /** Key order of the contract's "sent" example (row 9). */
    public record SentResponse(boolean success, String message, String cellphone) {
    }

    @GET
    @Path("/sms/{id}")
    public Object sms(@PathParam("id") String id) {
        return send(id, Channel.SMS);
    }

    @GET
    @Path("/call/{id}")
    public Object call(@PathParam("id") String id) {
        return send(id, Channel.VOICE);
    }

    private Object send(String id, Channel channel) {
        ApplicationProjection app = application.get();
        UserProjection user = users.requireCurrent(app.applicationId, id);
        boolean force = params.flag("force", app.forceByDefault);
        String action = params.string("action").filter(value -> !value.isBlank()).orElse(null);
        String actionMessage = params.string("action_message").filter(value -> !value.isBlank()).orElse(null);
        String locale = params.string("locale").filter(value -> !value.isBlank()).orElse(app.defaultLocale);
        Optional<String> ignoredFor = otp.send(app, user, channel, force, action, actionMessage, locale).ignoredForDevice();
        String cellphone = PhoneMasks.forCellphone(user.countryCode, user.phoneE164);
        if (ignoredFor.isPresent()) {
            return new IgnoredResponse(channel == Channel.SMS ? SMS_IGNORED : CALL_IGNORED, cellphone, ignoredFor.get(), true, true);
        }
        return new SentResponse(true, channel == Channel.SMS ? "SMS token was sent" : "Call started...", cellphone);
    }

    /** Key order of the contract's "ignored" example (row 9); {@code ignored} only ever appears as true (§1.6 rule 6). */
    public record IgnoredResponse(String message, String cellphone, String device, boolean ignored, boolean success) {
    }
}
