package io.latchkey.push.approval;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.applications.Logo;
import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.approvals.ApprovalRequestChanged.Status;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.push.device.DeviceProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class ApprovalRequestService {

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper objectMapper;

    public record NewRequest(String message, Map<String, Object> details, Map<String, Object> hiddenDetails,
            List<Object> logos, long secondsToExpire) {
    }

    @Inject
    OneTouchPolicy policy;

    /**
     * A new pending request for a user who has a device to answer it (docs/authy-api.md row 14): the
     * application's OneTouch switch on (else 400/60054), the user known (404/60026) with a registered device
     * (400/60050), and fewer than {@code max-open-per-user} requests still open (429/60003).
     */
    @Transactional
    public ApprovalRequest create(ApplicationProjection application, long authyId, NewRequest request) {
        long applicationId = application.applicationId;
        if (!application.onetouchEnabled) {
            throw AuthyException.of(400, "60054", "OneTouch is disabled for this application");
        }
        UserProjection.findInApplication(applicationId, authyId).orElseThrow(AuthyException::userNotFound);
        if (DeviceProjection.registeredOf(applicationId, authyId).isEmpty()) {
            throw AuthyException.of(400, "60050", "User doesn't have a OneTouch device");
        }
        Instant now = Instant.now();
        // the user's row in the projection is locked first, so that parallel creates count one after another
        UserProjection.getEntityManager().createNativeQuery("select 1 from users_projection where authy_id = ?1 for update")
                .setParameter(1, authyId).getResultList();
        if (ApprovalRequest.openOf(authyId, now) >= policy.maxOpenPerUser()) {
            throw AuthyException.tooManyRequests();
        }
        ApprovalRequest approval = new ApprovalRequest();
        approval.uuid = UUID.randomUUID();
        approval.applicationId = applicationId;
        approval.authyId = authyId;
        approval.message = request.message();
        approval.details = json(request.details());
        approval.hiddenDetails = json(request.hiddenDetails());
        approval.logos = request.logos().isEmpty() ? null : json(request.logos());
        approval.applicationLogos = request.logos().isEmpty() ? Logo.toJson(application.onetouchLogos()) : null;
        approval.status = Status.PENDING;
        // the application's cap wins over a longer (or never-ending, 0) request
        long cap = application.onetouchMaxSecondsToExpire;
        long seconds = cap > 0 && (request.secondsToExpire() == 0 || request.secondsToExpire() > cap) ? cap
                : request.secondsToExpire();
        approval.secondsToExpire = seconds;
        approval.expiresAt = seconds == 0 ? null : now.plusSeconds(seconds);
        approval.numberMatch = application.onetouchNumberMatching ? Nonces.twoDigits() : null;
        approval.createdAt = now;
        approval.updatedAt = now;
        approval.nonce = Nonces.next();
        approval.persist();
        outbox.publish(new ApprovalRequestChanged(approval.uuid, applicationId, authyId, approval.status));
        return approval;
    }

    /** Requests of another application answer exactly like unknown ones. */
    public ApprovalRequest find(long applicationId, String uuid) {
        UUID id;
        try {
            id = UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
            throw notFound(uuid);
        }
        return ApprovalRequest.<ApprovalRequest> findByIdOptional(id)
                .filter(approval -> approval.applicationId == applicationId)
                .orElseThrow(() -> notFound(uuid));
    }

    /** 404/60049, for the application's and the device's side alike. */
    public static AuthyException notFound(String uuid) {
        // authy-java fixture: 404, "errors":{} (docs/authy-api.md row 15)
        return AuthyException.of(404, "60049", "Approval request not found: " + uuid).withoutMessageInErrors();
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw AuthyException.invalidRequest("details cannot be stored");
        }
    }
}
