package io.latchkey.push.approval;

import java.time.Instant;
import java.util.UUID;

import io.latchkey.events.approvals.ApprovalRequestChanged.Status;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A OneTouch approval request (docs/authy-api.md rows 14-15, §6 "OneTouch"). */
@Entity
@Table(name = "approval_request")
public class ApprovalRequest extends PanacheEntityBase {

    @Id
    public UUID uuid;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    @Column(nullable = false)
    public String message;

    /** JSON object, shown to the user. */
    @Column(nullable = false, columnDefinition = "text")
    public String details;

    /** JSON object, kept but never shown to the user. */
    @Column(name = "hidden_details", nullable = false, columnDefinition = "text")
    public String hiddenDetails;

    /** JSON array of {res, url}, or null for the application's own logos. */
    @Column(columnDefinition = "text")
    public String logos;

    /** The application's logos when the request brought none, as they were at its creation; null when it had none. */
    @Column(name = "application_logos", columnDefinition = "text")
    public String applicationLogos;

    /** What the Authy app shows: the request's own logos, else the application's; null for none. */
    public String shownLogos() {
        return logos != null ? logos : applicationLogos;
    }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** 0 means the request never expires. */
    @Column(name = "seconds_to_expire", nullable = false)
    public long secondsToExpire;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(nullable = false)
    public boolean notified;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "processed_at")
    public Instant processedAt;

    /** Per-request server nonce the device signs with its decision: a decision fits one request only. */
    @Column(nullable = false)
    public String nonce;

    @Column(name = "decided_by_device")
    public Long decidedByDevice;

    /** The signed decision's unique id ({@code jti}): each can be used once. */
    @Column(name = "decision_id")
    public String decisionId;

    /** The device's signed decision (compact JWS), kept as it came: proof of who decided what. */
    @Column(name = "decision_signature", columnDefinition = "text")
    public String decisionSignature;

    /** {@code not_me} when the user said the request was not theirs; empty for a plain deny or an approval. */
    @Column(name = "decline_reason")
    public String declineReason;

    @Column(name = "device_signed_at")
    public Instant deviceSignedAt;

    /** With number matching: what the portal shows and the user must type on the device; else null. */
    @Column(name = "number_match")
    public String numberMatch;

    /** True while it can still be answered: pending and not past its deadline. */
    public boolean openAt(Instant now) {
        return status == Status.PENDING && (expiresAt == null || expiresAt.isAfter(now));
    }

    public static long openOf(long authyId, Instant now) {
        // a count query of our own: Panache's count() has Hibernate build and translate one anew on every call
        return getEntityManager().createQuery("""
                select count(*) from ApprovalRequest where authyId = ?1 and status = ?2 and (expiresAt is null or expiresAt > ?3)""",
                Long.class)
                .setParameter(1, authyId)
                .setParameter(2, Status.PENDING)
                .setParameter(3, now)
                .getSingleResult();
    }
}
