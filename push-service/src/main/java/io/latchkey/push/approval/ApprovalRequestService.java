package io.latchkey.push.approval;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.approvals.ApprovalRequestChanged.Status;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.projection.users.UserProjection;
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

    @Transactional
    public ApprovalRequest create(long applicationId, long authyId, NewRequest request) {
        UserProjection.findInApplication(applicationId, authyId).orElseThrow(AuthyException::userNotFound);
        Instant now = Instant.now();
        ApprovalRequest approval = new ApprovalRequest();
        approval.uuid = UUID.randomUUID();
        approval.applicationId = applicationId;
        approval.authyId = authyId;
        approval.message = request.message();
        approval.details = json(request.details());
        approval.hiddenDetails = json(request.hiddenDetails());
        approval.logos = request.logos().isEmpty() ? null : json(request.logos());
        approval.status = Status.PENDING;
        approval.secondsToExpire = request.secondsToExpire();
        approval.expiresAt = request.secondsToExpire() == 0 ? null : now.plusSeconds(request.secondsToExpire());
        approval.createdAt = now;
        approval.updatedAt = now;
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

    private static AuthyException notFound(String uuid) {
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
