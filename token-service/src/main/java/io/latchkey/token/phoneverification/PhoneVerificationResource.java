package io.latchkey.token.phoneverification;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.params.AuthyParams;
import io.latchkey.authy.phone.PhoneNumbers;
import io.latchkey.token.channel.Channel;
import io.latchkey.token.config.CodePolicy;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Phone verification, docs/authy-api.md rows 16 (start) and 17 (check). */
@Path("/protected/{format}/phones/verification")
public class PhoneVerificationResource {

    static final int MIN_CODE_LENGTH = 4;
    static final int MAX_CODE_LENGTH = 10;

    @Inject
    AuthyParams params;

    @Inject
    AuthenticatedApplication application;

    @Inject
    PhoneVerificationService verifications;

    @Inject
    CodePolicy policy;

    public record StartResponse(
            String carrier,
            @JsonProperty("is_cellphone") boolean isCellphone,
            @JsonProperty("is_ported") boolean isPorted,
            String message,
            @JsonProperty("seconds_to_expire") long secondsToExpire,
            String uuid,
            boolean success) {
    }

    public record CheckResponse(String message, boolean success) {
    }

    /** Row 18 is undocumented (only authy-node calls it); Latchkey answers the state of the newest verification. */
    public record StatusResponse(String message, String status, @JsonProperty("seconds_to_expire") long secondsToExpire,
            String uuid, boolean success) {
    }

    @POST
    @Path("/start")
    public StartResponse start() {
        Channel via = Channel.fromVia(params.required("via"));
        PhoneNumber number = PhoneNumbers.parse(params.required("country_code"), params.required("phone_number"));
        int codeLength = codeLength();
        PhoneVerificationService.Started started = verifications.start(application.get(), PhoneNumbers.e164(number),
                PhoneNumbers.isCellphone(number), via, codeLength,
                params.string("locale").orElse(null));
        String display = PhoneNumbers.international(number);
        String message = via == Channel.SMS ? "Text message sent to " + display + "." : "Call to " + display + " initiated.";
        // carrier look-up needs a paid data source; Latchkey answers an empty name rather than a made-up one
        return new StartResponse("", PhoneNumbers.isCellphone(number), false, message,
                Math.max(0, started.expiresIn().toSeconds() - 1), started.verification().id.toString(), true);
    }

    @GET
    @Path("/check")
    public CheckResponse check() {
        PhoneNumber number = PhoneNumbers.parse(params.required("country_code"), params.required("phone_number"));
        String code = params.required("verification_code");
        if (!code.matches("\\d{" + MIN_CODE_LENGTH + "," + MAX_CODE_LENGTH + "}")) {
            throw AuthyException.of(401, "60022", "Verification code is incorrect");
        }
        verifications.check(application.id(), PhoneNumbers.e164(number), PhoneNumbers.international(number), code);
        return new CheckResponse("Verification code is correct.", true);
    }

    @GET
    @Path("/status")
    public StatusResponse status() {
        PhoneNumber number = PhoneNumbers.parse(params.required("country_code"), params.required("phone_number"));
        PhoneVerificationService.Status status = verifications.status(application.id(), PhoneNumbers.e164(number),
                PhoneNumbers.international(number));
        return new StatusResponse("Phone verification status.", status.state(), status.secondsToExpire(),
                status.verification().id.toString(), true);
    }

    private int codeLength() {
        String requested = params.string("code_length").filter(value -> !value.isBlank()).orElse(null);
        if (requested == null) {
            return policy.phoneVerification().defaultLength();
        }
        if (!requested.matches("\\d{1,2}") || Integer.parseInt(requested) < MIN_CODE_LENGTH
                || Integer.parseInt(requested) > MAX_CODE_LENGTH) {
            throw AuthyException.invalidParameter("code_length", "must be between " + MIN_CODE_LENGTH + " and " + MAX_CODE_LENGTH);
        }
        return Integer.parseInt(requested);
    }
}
