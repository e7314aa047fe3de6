package io.latchkey.token.authenticator;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.params.AuthyParams;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.ProjectedUsers;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.config.OtpPolicy;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** {@code users/{id}/secret}, docs/authy-api.md row 5. */
@Path("/protected/{format}/users/{id}/secret")
public class SecretResource {

    @Inject
    ProjectedUsers users;

    @Inject
    AuthyParams params;

    @Inject
    AuthenticatedApplication application;

    @Inject
    AuthenticatorService authenticators;

    @Inject
    OtpPolicy policy;

    /** {@code Issuer} with a capital I, as in the doc sample (no client reads it, §8). */
    public record SecretResponse(String label, @JsonProperty("Issuer") String issuer, @JsonProperty("qr_code") String qrCode,
            boolean success) {
    }

    @POST
    public SecretResponse secret(@PathParam("id") String id) {
        ApplicationProjection app = application.get();
        if (!app.genericAuthenticatorEnabled) {
            throw AuthyException.of(400, "60123", "Generic authenticator tokens are disabled for this application");
        }
        UserProjection user = users.requireCurrent(app.applicationId, id);
        String label = params.string("label").filter(value -> !value.isBlank()).map(String::strip).orElse(app.name);
        if (label.length() > 255) {
            throw AuthyException.invalidParameter("label", "must be at most 255 characters");
        }
        AuthenticatorService.NewSecret secret = authenticators.newSecret(user, app.name, label, qrSize());
        return new SecretResponse(label, app.name, secret.qrUrl(), true);
    }

    /** Default 256, at most 320 (larger requests get 320); not a positive number is a 60004. */
    private int qrSize() {
        OtpPolicy.Authenticator settings = policy.authenticator();
        String requested = params.string("qr_size").filter(value -> !value.isBlank()).map(String::strip).orElse(null);
        if (requested == null) {
            return settings.qrDefaultSize();
        }
        if (!requested.matches("\\d{1,6}") || Integer.parseInt(requested) < 64) {
            throw AuthyException.invalidParameter("qr_size", "must be a number of pixels from 64 to " + settings.qrMaxSize());
        }
        return Math.min(Integer.parseInt(requested), settings.qrMaxSize());
    }
}
