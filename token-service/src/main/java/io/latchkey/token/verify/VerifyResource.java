package io.latchkey.token.verify;

import java.util.LinkedHashMap;
import java.util.Map;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.params.AuthyParams;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.ProjectedUsers;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.device.Device;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** {@code verify/{token}/{id}}, docs/authy-api.md row 11 and §6 "Registration completion". */
@Path("/protected/{format}/verify")
public class VerifyResource {

    static final String NOT_CHECKED = "Not checked. User has not yet finished the registration process. "
            + "Pass force=true to this API to check regardless (more secure).";

    @Inject
    ProjectedUsers users;

    @Inject
    AuthyParams params;

    @Inject
    AuthenticatedApplication application;

    @Inject
    VerifyService verifications;

    /** {@code success} is the string "true" (doc); authy-java needs the message exactly, authy-python the compact {@code "token":"is valid"}. */
    public record Valid(String message, String token, String success, Map<String, Object> device) {
    }

    /** 200 without {@code success}: every client reads it as "not OK" (§6). */
    public record NotChecked(String token) {
    }

    @GET
    @Path("/{token}/{id}")
    public Object verify(@PathParam("token") String token, @PathParam("id") String id) {
        ApplicationProjection app = application.get();
        UserProjection user = users.requireKnown(app.applicationId, id);
        boolean force = params.flag("force", false);
        String action = params.string("action").filter(value -> !value.isBlank()).orElse(null);
        // force first: a forced check needs no look at the user's devices
        if (!force && !user.registered && Device.latestRegistered(user.authyId).isEmpty()) {
            return new NotChecked(NOT_CHECKED);
        }
        VerifyService.Verdict verdict = verifications.verify(app, user, token, action);
        return switch (verdict.outcome()) {
            case VALID -> new Valid("Token is valid.", "is valid", "true", deviceOf(verdict));
            case INVALID -> throw invalidToken("60020");
            case REUSED -> throw invalidToken("60019");
            case LOCKED_OUT -> throw AuthyException.tooManyRequests();
        };
    }

    private static AuthyException invalidToken(String code) {
        return AuthyException.of(401, code, "Token is invalid").withTopLevel("token", "is invalid");
    }

    /** The {@code device} object of the doc (docs/authy-api.md after row 22): app tokens name the device, SMS/voice say "sms". */
    private static Map<String, Object> deviceOf(VerifyService.Verdict verdict) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("city", null);
        device.put("region", null);
        device.put("country", null);
        device.put("ip", null);
        device.put("registration_city", null);
        device.put("registration_region", null);
        device.put("registration_country", null);
        device.put("registration_ip", null);
        Device soft = verdict.device();
        if (soft != null) {
            device.put("registration_date", soft.registeredAt.getEpochSecond());
            device.put("registration_method", soft.registrationMethod);
            device.put("registration_device_id", null);
            device.put("os_type", soft.osType);
            device.put("last_account_recovery_at", null);
            device.put("id", soft.id);
        } else if (verdict.authenticator() != null) {
            device.put("registration_date", verdict.authenticator().createdAt.getEpochSecond());
            device.put("registration_method", "qr_code");
            device.put("registration_device_id", null);
            device.put("os_type", "authenticator_app");
            device.put("last_account_recovery_at", null);
            device.put("id", null);
        } else {
            device.put("registration_date", null);
            device.put("registration_method", null);
            device.put("registration_device_id", null);
            device.put("os_type", "sms");
            device.put("last_account_recovery_at", null);
            device.put("id", null);
            device.put("last_sync_date", null);
        }
        return device;
    }
}
