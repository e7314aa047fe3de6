package io.latchkey.notifier.twilio;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.twilio.security.RequestValidator;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.config.NotifierConfig;
import io.latchkey.notifier.delivery.DeliveryLog;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * Twilio's status callbacks for messages and calls ({@code StatusCallback}). Open to the internet
 * by nature, so nothing is believed before {@code X-Twilio-Signature} checks out: HMAC-SHA1 with
 * the auth token over the public URL Twilio called (configured, because behind the gateway this
 * service sees another one; plus the {@code ?delivery=} it was given) and the sorted form
 * parameters, checked by the SDK's RequestValidator. Callbacks without {@code delivery} (sent by
 * an older version) are matched by SID.
 */
@Path("/twilio/status")
@PermitAll
public class TwilioStatusCallbackResource {

    private static final Logger LOG = Logger.getLogger(TwilioStatusCallbackResource.class);

    @Inject
    NotifierConfig config;

    @Inject
    DeliveryLog deliveries;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response status(@HeaderParam("X-Twilio-Signature") String signature, @QueryParam("delivery") String delivery,
            MultivaluedMap<String, String> form) {
        NotifierConfig.Twilio twilio = config.twilio();
        Optional<String> url = twilio.statusCallbackUrl().filter(value -> !value.isBlank());
        Optional<String> token = twilio.authToken().filter(value -> !value.isBlank());
        if (url.isEmpty() || token.isEmpty()) {
            throw AuthyException.notFound("Twilio status callbacks are not configured");
        }
        Map<String, String> params = new HashMap<>();
        if (form != null) {
            form.forEach((name, values) -> params.put(name, values.isEmpty() ? "" : values.get(0)));
        }
        // Twilio signs the URL it was given, query included: the one TwilioProvider built for this delivery
        String signedUrl = delivery == null ? url.get() : TwilioProvider.callbackUrl(url.get(), delivery);
        if (signature == null || signature.isBlank() || !new RequestValidator(token.get()).validate(signedUrl, params, signature)) {
            LOG.warn("Twilio status callback with a missing or wrong X-Twilio-Signature refused");
            throw AuthyException.of(403, "60002", "Invalid request: X-Twilio-Signature does not match");
        }
        boolean call = params.containsKey("CallSid");
        String sid = call ? params.get("CallSid") : params.get("MessageSid");
        String twilioStatus = call ? params.get("CallStatus") : params.get("MessageStatus");
        if (sid == null || sid.isBlank() || twilioStatus == null) {
            throw AuthyException.invalidRequest("MessageSid/MessageStatus or CallSid/CallStatus missing");
        }
        Optional<UUID> deliveryId = parse(delivery);
        if (delivery != null && deliveryId.isEmpty()) {
            throw AuthyException.invalidParameter("delivery", "is not a delivery id");
        }
        Optional<Status> status = call ? TwilioStatuses.ofCall(twilioStatus) : TwilioStatuses.ofMessage(twilioStatus);
        if (status.isPresent()
                && !deliveries.onProviderStatus(deliveryId.orElse(null), sid, status.get(), params.get("ErrorCode"))) {
            throw AuthyException.notFound("delivery " + deliveryId.map(UUID::toString).orElse(sid));
        }
        return Response.noContent().build();
    }

    private static Optional<UUID> parse(String delivery) {
        try {
            return delivery == null ? Optional.empty() : Optional.of(UUID.fromString(delivery));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
