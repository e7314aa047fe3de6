package io.latchkey.push.callback;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.error.AuthyException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Operators' view of OneTouch callbacks (OIDC, role latchkey-admin): each delivery of an approval request with
 * every attempt, and redelivery of one (for a FAILED delivery: one more try, then FAILED again if it fails).
 * Bodies are not shown: the state, the URL and the attempts say what happened.
 */
@Path("/admin/onetouch/callbacks")
@RolesAllowed("latchkey-admin")
public class CallbackAdminResource {

    public record AttemptView(int attempt, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("latency_ms") long latencyMs, @JsonProperty("http_status") Integer httpStatus, String error) {
    }

    public record DeliveryView(String id, @JsonProperty("approval_request") String approvalRequest,
            @JsonProperty("app_id") long applicationId, String url, String method, String state, int attempts,
            @JsonProperty("next_attempt_at") Instant nextAttemptAt, @JsonProperty("delivered_at") Instant deliveredAt,
            @JsonProperty("last_error") String lastError, List<AttemptView> history) {
    }

    @GET
    @Transactional
    public List<DeliveryView> list(@QueryParam("approval_request") String approvalRequest) {
        return CallbackDelivery.ofApproval(uuid(approvalRequest, "approval_request")).stream().map(CallbackAdminResource::view)
                .toList();
    }

    @POST
    @Path("/{id}/redeliver")
    @Transactional
    public DeliveryView redeliver(@PathParam("id") String id) {
        CallbackDelivery delivery = CallbackDelivery.<CallbackDelivery> findByIdOptional(uuid(id, "id"))
                .orElseThrow(() -> AuthyException.notFound("callback delivery"));
        delivery.state = CallbackDelivery.PENDING;
        delivery.nextAttemptAt = Instant.now();
        return view(delivery);
    }

    private static DeliveryView view(CallbackDelivery delivery) {
        return new DeliveryView(delivery.id.toString(), delivery.approvalUuid.toString(), delivery.applicationId,
                delivery.url, delivery.method, delivery.state, delivery.attempts, delivery.nextAttemptAt,
                delivery.deliveredAt, delivery.lastError, CallbackAttempt.ofDelivery(delivery.id).stream()
                        .map(attempt -> new AttemptView(attempt.attempt, attempt.startedAt, attempt.latencyMs,
                                attempt.httpStatus, attempt.error))
                        .toList());
    }

    private static UUID uuid(String value, String parameter) {
        try {
            return UUID.fromString(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw AuthyException.invalidParameter(parameter, "must be a UUID");
        }
    }
}
