package io.latchkey.push.device;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.device.DeviceRequestSignature;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.push.approval.ApprovalRequest;
import io.latchkey.push.approval.OneTouchPolicy;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * The device's side of OneTouch (README "OneTouch"): {@code GET /device/onetouch/approval_requests} lists what
 * the device's user has to answer and the device's nudges (requests signed with the device key's headers), and
 * {@code POST /device/onetouch/approval_requests/{uuid}} with {@code {"decision":"<compact JWS>"}} answers one.
 */
@Path("/device/onetouch")
public class DeviceOneTouchResource {

    @Inject
    DeviceDecisions decisions;

    @Inject
    DeviceWakeups wakeups;

    @Inject
    OneTouchPolicy policy;

    public record PendingRequest(String uuid, @JsonProperty("app_id") long applicationId,
            @JsonProperty("authy_id") long authyId, @JsonProperty("shown_content") String shownContent, String shown,
            String nonce, @JsonProperty("created_at") long createdAt, @JsonProperty("expires_at") Long expiresAt) {
    }

    public record Notification(String reason, @JsonProperty("created_at") long createdAt) {
    }

    public record PendingResponse(@JsonProperty("approval_requests") List<PendingRequest> approvalRequests,
            List<Notification> notifications, String digest, @JsonProperty("server_time") long serverTime, boolean success) {
    }

    public record Decision(String decision) {
    }

    /**
     * The requests the device's user has to answer, and the device's nudges. With {@code wait=N} (seconds, at most
     * {@code max-poll-wait}) an answer with nothing new waits until something changes for the user, on any instance,
     * or N seconds have passed: a long-poll that holds no thread while it waits. Nothing new: no nudge, and the
     * requests {@code seen} names (the {@code digest} of the device's last answer; without it, none), so that a
     * device showing a request learns at once when it is answered elsewhere or expires.
     */
    @GET
    @Path("/approval_requests")
    @Blocking
    public Uni<PendingResponse> pending(@HeaderParam(DeviceRequestSignature.DEVICE_ID_HEADER) String deviceId,
            @HeaderParam(DeviceRequestSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(DeviceRequestSignature.SIGNATURE_HEADER) String signature, @QueryParam("wait") String wait,
            @QueryParam("seen") String seen, @Context UriInfo uri) {
        Duration waitFor = waitOf(wait);
        DeviceProjection device = decisions.authenticate(deviceId, timestamp, signature, "GET", uri.getPath());
        // parked before the database is read: a request created in between wakes it instead of being missed
        CompletableFuture<Void> wakeup = waitFor.isZero() ? null : wakeups.park(device.authyId);
        DeviceDecisions.Inbox now;
        try {
            now = decisions.inboxOf(device);
        } catch (RuntimeException e) {
            if (wakeup != null) {
                wakeup.cancel(false); // unparked, whatever went wrong
            }
            throw e;
        }
        if (wakeup == null || now.differsFrom(seen == null || seen.isBlank() ? DeviceDecisions.Inbox.NOTHING_SEEN : seen)) {
            if (wakeup != null) {
                wakeup.cancel(false);
            }
            return Uni.createFrom().item(response(now));
        }
        // a device that goes away cancels the subscription, and Mutiny cancels the parked future with it
        return Uni.createFrom().completionStage(wakeup)
                .ifNoItem().after(waitFor).recoverWithItem((Void) null)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(ignored -> {
                    wakeup.cancel(false);
                    return response(decisions.inboxOf(device));
                });
    }

    private Duration waitOf(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        if (!wait.matches("\\d{1,4}")) {
            throw AuthyException.invalidParameter("wait", "must be a whole number of seconds");
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(wait));
        return asked.compareTo(policy.maxPollWait()) > 0 ? policy.maxPollWait() : asked;
    }

    private static PendingResponse response(DeviceDecisions.Inbox inbox) {
        List<PendingRequest> requests = inbox.requests().stream()
                .map(request -> new PendingRequest(request.uuid(), request.applicationId(), request.authyId(),
                        request.shownContent(), request.shown(), request.nonce(), request.createdAt().getEpochSecond(),
                        request.expiresAt() == null ? null : request.expiresAt().getEpochSecond()))
                .toList();
        List<Notification> notifications = inbox.notifications().stream()
                .map(nudge -> new Notification(nudge.reason, nudge.createdAt.getEpochSecond()))
                .toList();
        return new PendingResponse(requests, notifications, inbox.digest(), Instant.now().getEpochSecond(), true);
    }

    @POST
    @Path("/approval_requests/{uuid}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> decide(@PathParam("uuid") String uuid, Decision body) {
        ApprovalRequest decided = decisions.decide(uuid, body == null ? null : body.decision());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uuid", decided.uuid.toString());
        request.put("status", decided.status.name().toLowerCase(Locale.ROOT));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("approval_request", request);
        answer.put("success", true);
        return answer;
    }
}
