package io.latchkey.push.device;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.device.DeviceRequestSignature;
import io.latchkey.push.approval.ApprovalRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * The device's side of OneTouch (README "OneTouch"): {@code GET /device/onetouch/approval_requests} lists what
 * the device's user has to answer (requests signed with the device key's headers), and
 * {@code POST /device/onetouch/approval_requests/{uuid}} with {@code {"decision":"<compact JWS>"}} answers one.
 */
@Path("/device/onetouch")
public class DeviceOneTouchResource {

    @Inject
    DeviceDecisions decisions;

    public record PendingRequest(String uuid, @JsonProperty("app_id") long applicationId,
            @JsonProperty("authy_id") long authyId, @JsonProperty("shown_content") String shownContent, String shown,
            String nonce, @JsonProperty("created_at") long createdAt, @JsonProperty("expires_at") Long expiresAt) {
    }

    public record PendingResponse(@JsonProperty("approval_requests") List<PendingRequest> approvalRequests,
            @JsonProperty("server_time") long serverTime, boolean success) {
    }

    public record Decision(String decision) {
    }

    @GET
    @Path("/approval_requests")
    public PendingResponse pending(@HeaderParam(DeviceRequestSignature.DEVICE_ID_HEADER) String deviceId,
            @HeaderParam(DeviceRequestSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(DeviceRequestSignature.SIGNATURE_HEADER) String signature, @Context UriInfo uri) {
        DeviceProjection device = decisions.authenticate(deviceId, timestamp, signature, "GET", uri.getPath());
        List<PendingRequest> pending = decisions.pendingFor(device).stream()
                .map(request -> new PendingRequest(request.uuid(), request.applicationId(), request.authyId(),
                        request.shownContent(), request.shown(), request.nonce(), request.createdAt().getEpochSecond(),
                        request.expiresAt() == null ? null : request.expiresAt().getEpochSecond()))
                .toList();
        return new PendingResponse(pending, java.time.Instant.now().getEpochSecond(), true);
    }

    @POST
    @Path("/approval_requests/{uuid}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> decide(@PathParam("uuid") String uuid, Decision body) {
        ApprovalRequest decided = decisions.decide(uuid, body == null ? null : body.decision());
        return Map.of("approval_request", Map.of("uuid", decided.uuid.toString(),
                "status", decided.status.name().toLowerCase(java.util.Locale.ROOT)), "success", true);
    }
}
