package io.latchkey.push.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.device.DeviceRequestSignature;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.Topics;
import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.approvals.ApprovalRequestChanged.Status;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.projection.users.UsersProjectionConsumer;
import io.latchkey.push.approval.ApprovalRequest;
import io.latchkey.push.approval.ApprovalRequestService;
import io.latchkey.push.approval.OneTouchPolicy;
import io.latchkey.push.callback.Callbacks;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The device side of OneTouch (the role the Authy app played): a registered device lists the pending
 * requests of its user and answers one with a decision signed by its private key ({@link SignedDecision}).
 * Exactly one answer wins, on any instance: the decision is a compare-and-set on the pending row.
 */
@ApplicationScoped
public class DeviceDecisions {

    /** The decline reason of an approval whose number did not match. */
    public static final String WRONG_NUMBER = "wrong_number";

    @Inject
    OneTouchPolicy policy;

    @Inject
    ProjectionCatchUp catchUp;

    @Inject
    Outbox outbox;

    @Inject
    Callbacks callbacks;

    @Inject
    MeterRegistry metrics;

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper objectMapper;

    /** A pending request as the device shows it: {@code shown} is the hash it signs of exactly {@code shownContent}. */
    public record Pending(String uuid, long applicationId, long authyId, String shownContent, String shown, String nonce,
            Instant createdAt, Instant expiresAt) {
    }

    /** The registered device that signed this request (headers of {@link DeviceRequestSignature}), else 401/60087. */
    public DeviceProjection authenticate(String deviceId, String timestamp, String signature, String method, String path) {
        // a device registered by a call answered before this one must be known here
        catchUp.awaitTopic(DevicesConsumer.CONSUMER, Topics.DEVICES);
        long id = DeviceRequestSignature.authenticate(deviceId, timestamp, signature, method, path,
                device -> DeviceProjection.findRegistered(device).filter(this::userStillThere)
                        .map(found -> new DeviceRequestSignature.DeviceKey(found.publicKey, found.keyAlgorithm)));
        return DeviceProjection.findById(id);
    }

    /** What a device's poll answers: the requests it can still answer, oldest first, and its nudges. */
    public record Inbox(List<Pending> requests, List<DeviceNotification> notifications) {

        /** The digest of a device that has seen no request. */
        public static final String NOTHING_SEEN = digestOf(List.of());

        /**
         * Names the set of requests listed (not their order): a device long-polls with the digest of what it shows,
         * and is answered as soon as the set differs, e.g. once a request was answered on another device.
         */
        public String digest() {
            return digestOf(requests.stream().map(Pending::uuid).toList());
        }

        /** Something the device has not seen: another set of requests than {@code seen} names, or a nudge. */
        public boolean differsFrom(String seen) {
            return !notifications.isEmpty() || !digest().equals(seen);
        }

        private static String digestOf(List<String> uuids) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest(String.join(",", uuids.stream().sorted().toList()).getBytes(StandardCharsets.UTF_8));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 12));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
    }

    /**
     * The user's requests this device can still answer and the device's nudges not handed over yet (they are
     * handed over now). Waits for the nudges' consumer first: a nudge that woke the poll is in the table.
     */
    @Transactional
    public Inbox inboxOf(DeviceProjection device) {
        catchUp.awaitKey(DeviceNotificationsConsumer.CONSUMER, Topics.DEVICE_NOTIFICATIONS, String.valueOf(device.authyId));
        Instant now = Instant.now();
        List<ApprovalRequest> open = ApprovalRequest.list(
                "authyId = ?1 and applicationId = ?2 and status = ?3 and (expiresAt is null or expiresAt > ?4) order by createdAt",
                device.authyId, device.applicationId, Status.PENDING, now);
        List<DeviceNotification> nudges = DeviceNotification.undelivered(device.deviceId);
        nudges.forEach(nudge -> nudge.deliveredAt = now);
        return new Inbox(open.stream().map(this::pending).toList(), nudges);
    }

    /**
     * Applies a signed decision: the signature by a registered device of the request's user, the claims equal to
     * the request (uuid, application, user, what was shown, nonce), the signing time within the clock window
     * (else 401/60087 with the server's time, so that the device can re-sync), the request still open (a second
     * answer 409/60079, after its deadline 403/60079). The signed decision is kept.
     */
    @Transactional(dontRollbackOn = AuthyException.class)
    public ApprovalRequest decide(String uuid, String compact) {
        if (compact == null || compact.isBlank()) {
            throw AuthyException.invalidParameter("decision", "is required");
        }
        catchUp.awaitTopic(DevicesConsumer.CONSUMER, Topics.DEVICES);
        DeviceProjection device = SignedDecision.claimedDevice(compact).flatMap(DeviceProjection::findRegistered)
                .filter(this::userStillThere).orElseThrow(DeviceRequestSignature::refused);
        SignedDecision decision = SignedDecision.verify(compact, device).orElseThrow(DeviceRequestSignature::refused);
        Instant now = Instant.now();
        if (Duration.between(decision.signedAt(), now).abs().compareTo(policy.decisionClockWindow()) > 0) {
            throw DeviceRequestSignature.refused().withTopLevel("server_time", now.getEpochSecond());
        }
        ApprovalRequest approval = find(uuid).filter(found -> found.authyId == device.authyId
                && found.applicationId == device.applicationId).orElseThrow(() -> ApprovalRequestService.notFound(uuid));
        Pending shown = pending(approval);
        if (!approval.uuid.toString().equals(decision.uuid()) || decision.applicationId() != approval.applicationId
                || decision.authyId() != approval.authyId || !shown.shown().equals(decision.shown())
                || !approval.nonce.equals(decision.nonce()) || decision.id() == null || decision.id().isBlank()
                || !(SignedDecision.APPROVED.equals(decision.status()) || SignedDecision.DENIED.equals(decision.status()))
                || !(decision.reason().isEmpty() || SignedDecision.NOT_ME.equals(decision.reason()))) {
            throw DeviceRequestSignature.refused();
        }
        Status status = SignedDecision.APPROVED.equals(decision.status()) ? Status.APPROVED : Status.DENIED;
        // number matching: an approval with the wrong number denies the request (a push-bombed user guessing)
        boolean wrongNumber = status == Status.APPROVED && approval.numberMatch != null
                && !approval.numberMatch.equals(decision.number());
        String reason = decision.reason();
        if (wrongNumber) {
            status = Status.DENIED;
            reason = WRONG_NUMBER;
            metrics.counter("latchkey.onetouch.number.mismatch").increment();
        }
        // compare-and-set: of two answers, on any instance, exactly one finds the row still pending
        int won = entityManager.createQuery("""
                update ApprovalRequest set status = ?1, processedAt = ?2, updatedAt = ?2, decidedByDevice = ?3,
                  decisionId = ?4, decisionSignature = ?5, declineReason = ?6, deviceSignedAt = ?7
                where uuid = ?8 and status = ?9 and (expiresAt is null or expiresAt > ?2)""")
                .setParameter(1, status).setParameter(2, now).setParameter(3, device.deviceId)
                .setParameter(4, decision.id()).setParameter(5, compact).setParameter(6, reason)
                .setParameter(7, decision.signedAt()).setParameter(8, approval.uuid).setParameter(9, Status.PENDING)
                .executeUpdate();
        if (won == 0) {
            entityManager.refresh(approval);
            throw approval.status == Status.PENDING || approval.status == Status.EXPIRED
                    ? AuthyException.of(403, "60079", "Approval request has expired")
                    : AuthyException.of(409, "60079", "Approval request is not pending");
        }
        entityManager.refresh(approval);
        outbox.publish(new ApprovalRequestChanged(approval.uuid, approval.applicationId, approval.authyId, status));
        ApplicationProjection.<ApplicationProjection> findByIdOptional(approval.applicationId)
                .ifPresent(application -> callbacks.enqueue(approval, device, application));
        if (wrongNumber) {
            throw AuthyException.of(403, "60080", "Approval request denied: the number does not match");
        }
        return approval;
    }

    /**
     * A removed user's devices answer nothing, also before token-service has retired them; a removal answered
     * before this call is seen (the users projection catches up on the user's partition first).
     */
    private boolean userStillThere(DeviceProjection device) {
        catchUp.awaitKey(UsersProjectionConsumer.CONSUMER, Topics.USERS, String.valueOf(device.authyId));
        return UserProjection.findInApplication(device.applicationId, device.authyId).isPresent();
    }

    private Optional<ApprovalRequest> find(String uuid) {
        try {
            return ApprovalRequest.findByIdOptional(UUID.fromString(uuid));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What the device shows, as one JSON text, and its SHA-256 (base64url): the device signs the hash of what it showed. */
    private Pending pending(ApprovalRequest approval) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("message", approval.message);
        content.put("details", read(approval.details));
        content.put("logos", approval.shownLogos() == null ? null : read(approval.shownLogos()));
        String text;
        try {
            text = objectMapper.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored details are not JSON", e);
        }
        return new Pending(approval.uuid.toString(), approval.applicationId, approval.authyId, text, sha256(text),
                approval.nonce, approval.createdAt, approval.expiresAt);
    }

    private Object read(String json) {
        try {
            return objectMapper.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored details are not JSON", e);
        }
    }

    static String sha256(String text) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
