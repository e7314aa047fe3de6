package io.latchkey.push.webhook;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.events.Event;
import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.devices.DeviceChanged;
import io.latchkey.events.phoneverifications.PhoneVerificationChanged;
import io.latchkey.events.users.UserChanged;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.ProjectedUsers;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.push.approval.ApprovalRequest;
import io.latchkey.push.webhook.Webhooks.PlatformEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns the platform's events into webhook events (README "Dashboard webhooks"), for events some webhook
 * subscribes to (the claims of the others are never built): the Authy name, and claims in
 * the shape of Authy's reporting events ({@code event}, {@code time}, {@code request.id},
 * {@code objects.<kind>.<s_|i_ field>}). Never a code, a seed, a key, a phone number or an email: an
 * application that wants the user's details looks them up by {@code s_authy_id}.
 */
@ApplicationScoped
public class WebhookClaims {

    @Inject
    ObjectMapper json;

    @Inject
    Webhooks webhooks;

    @Inject
    ProjectedUsers users;

    public Optional<PlatformEvent> ofUser(Event<UserChanged> event) {
        UserChanged user = event.payload();
        String name = user.deleted() ? WebhookEventNames.USER_REMOVED
                : user.revision() == 1 ? WebhookEventNames.USER_ADDED : null;
        if (name == null) {
            return Optional.empty();
        }
        if (!webhooks.wanted(user.applicationId(), name, event.occurredAt())) {
            return Optional.empty();
        }
        ObjectNode claims = claims(event, name, user.applicationId());
        user(claims, user.authyId(), user.countryCode());
        return Optional.of(of(event, user.applicationId(), name, claims));
    }

    public Optional<PlatformEvent> ofVerification(Event<VerificationChecked> event) {
        VerificationChecked checked = event.payload();
        String name = switch (checked.outcome()) {
            case VALID -> WebhookEventNames.TOKEN_VERIFIED;
            case INVALID, REUSED -> WebhookEventNames.TOKEN_INVALID;
            case LOCKED_OUT -> WebhookEventNames.TOO_MANY_CODE_VERIFICATIONS;
        };
        if (!webhooks.wanted(checked.applicationId(), name, event.occurredAt())) {
            return Optional.empty();
        }
        ObjectNode claims = claims(event, name, checked.applicationId());
        knownUser(claims, checked.applicationId(), checked.authyId());
        ObjectNode verification = objects(claims).putObject("verification");
        verification.put("s_outcome", lower(checked.outcome()));
        verification.put("s_method", lower(checked.method()));
        return Optional.of(of(event, checked.applicationId(), name, claims));
    }

    public Optional<PlatformEvent> ofDevice(Event<DeviceChanged> event) {
        DeviceChanged device = event.payload();
        if (device.status() != DeviceChanged.Status.REGISTERED) {
            return Optional.empty();
        }
        String name = WebhookEventNames.DEVICE_REGISTRATION_COMPLETED;
        if (!webhooks.wanted(device.applicationId(), name, event.occurredAt())) {
            return Optional.empty();
        }
        ObjectNode claims = claims(event, name, device.applicationId());
        knownUser(claims, device.applicationId(), device.authyId());
        ObjectNode node = objects(claims).putObject("device");
        node.put("s_device_id", String.valueOf(device.deviceId()));
        node.put("s_os_type", device.osType());
        return Optional.of(of(event, device.applicationId(), name, claims));
    }

    public Optional<PlatformEvent> ofDeliveryRequest(Event<DeliveryRequested> event) {
        DeliveryRequested request = event.payload();
        String via = request.channel() == DeliveryRequested.Channel.VOICE ? "call" : "sms";
        if (request.kind() == DeliveryRequested.Kind.OTP && request.authyId() != null) {
            String name = WebhookEventNames.TOTP_TOKEN_SENT;
            if (!webhooks.wanted(request.applicationId(), name, event.occurredAt())) {
            return Optional.empty();
        }
        ObjectNode claims = claims(event, name, request.applicationId());
            knownUser(claims, request.applicationId(), request.authyId());
            objects(claims).putObject("token").put("s_via", via);
            return Optional.of(of(event, request.applicationId(), name, claims));
        }
        return Optional.empty();
    }

    public Optional<PlatformEvent> ofPhoneVerification(Event<PhoneVerificationChanged> event) {
        PhoneVerificationChanged changed = event.payload();
        String name = switch (changed.outcome()) {
            case STARTED -> WebhookEventNames.PHONE_VERIFICATION_STARTED;
            case CODE_VALID -> WebhookEventNames.PHONE_VERIFICATION_CODE_IS_VALID;
            case CODE_INVALID -> WebhookEventNames.PHONE_VERIFICATION_CODE_IS_INVALID;
            case NOT_FOUND -> WebhookEventNames.PHONE_VERIFICATION_NOT_FOUND;
            case FAILED -> WebhookEventNames.PHONE_VERIFICATION_FAILED;
        };
        if (!webhooks.wanted(changed.applicationId(), name, event.occurredAt())) {
            return Optional.empty();
        }
        ObjectNode claims = claims(event, name, changed.applicationId());
        ObjectNode verification = objects(claims).putObject("phone_verification");
        if (changed.verificationId() != null) {
            verification.put("s_uuid", changed.verificationId().toString());
        }
        if (changed.countryCode() > 0) {
            verification.put("s_country_code", String.valueOf(changed.countryCode()));
        }
        if (changed.via() != null) {
            verification.put("s_via", changed.via());
        }
        return Optional.of(of(event, changed.applicationId(), name, claims));
    }

    public Optional<PlatformEvent> ofApproval(Event<ApprovalRequestChanged> event) {
        ApprovalRequestChanged changed = event.payload();
        if (changed.status() != ApprovalRequestChanged.Status.APPROVED && changed.status() != ApprovalRequestChanged.Status.DENIED) {
            return Optional.empty();
        }
        String name = WebhookEventNames.ONE_TOUCH_REQUEST_RESPONDED;
        if (!webhooks.wanted(changed.applicationId(), name, event.occurredAt())) {
            return Optional.empty();
        }
        ObjectNode claims = claims(event, name, changed.applicationId());
        knownUser(claims, changed.applicationId(), changed.authyId());
        ObjectNode request = objects(claims).putObject("onetouch_request");
        request.put("s_uuid", changed.uuid().toString());
        request.put("s_status", lower(changed.status()));
        ApprovalRequest stored = ApprovalRequest.findById(changed.uuid());
        if (stored != null) {
            request.put("s_reason", stored.declineReason == null ? "" : stored.declineReason);
            if (stored.expiresAt != null) {
                request.put("i_expiration_timestamp", stored.expiresAt.getEpochSecond());
            }
        }
        return Optional.of(of(event, changed.applicationId(), name, claims));
    }

    /** The claims of "send a test event". */
    public ObjectNode test(long applicationId) {
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", "latchkey");
        claims.put("event", WebhookEventNames.TEST);
        claims.put("time", java.time.Instant.now().toString());
        claims.putObject("request").put("id", UUID.randomUUID().toString());
        app(claims, applicationId);
        return claims;
    }

    private ObjectNode claims(Event<?> event, String name, long applicationId) {
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", "latchkey");
        claims.put("event", name);
        claims.put("time", event.occurredAt().toString());
        claims.putObject("request").put("id", event.id().toString());
        app(claims, applicationId);
        return claims;
    }

    private void app(ObjectNode claims, long applicationId) {
        ObjectNode app = objects(claims).putObject("app");
        app.put("s_app_id", String.valueOf(applicationId));
        ApplicationProjection.<ApplicationProjection> findByIdOptional(applicationId)
                .ifPresent(application -> app.put("s_name", application.name));
    }

    private static ObjectNode objects(ObjectNode claims) {
        return claims.has("objects") ? (ObjectNode) claims.get("objects") : claims.putObject("objects");
    }

    private static void user(ObjectNode claims, long authyId, int countryCode) {
        ObjectNode user = objects(claims).putObject("user");
        user.put("s_authy_id", String.valueOf(authyId));
        if (countryCode > 0) {
            user.put("s_country_code", String.valueOf(countryCode));
        }
    }

    /**
     * The user with its country code from this service's users projection. The user was published before anything
     * it did, but on another topic: a user not in the projection yet is waited for (a broker round trip, only then).
     */
    private void knownUser(ObjectNode claims, long applicationId, long authyId) {
        Optional<UserProjection> user = UserProjection.findInApplication(applicationId, authyId);
        if (user.isEmpty()) {
            users.awaitCurrent(String.valueOf(authyId));
            user = UserProjection.findInApplication(applicationId, authyId);
        }
        user(claims, authyId, user.map(found -> found.countryCode).orElse(0));
    }

    private static PlatformEvent of(Event<?> event, long applicationId, String name, ObjectNode claims) {
        return new PlatformEvent(event.id(), applicationId, name, claims, event.occurredAt());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
