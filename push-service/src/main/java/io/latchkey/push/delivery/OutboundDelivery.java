package io.latchkey.push.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One request push-service owes an application, and where its delivery stands: a OneTouch callback
 * ({@link #CALLBACK}) or a dashboard webhook event ({@link #WEBHOOK}). Its id is the {@code webhook-id}.
 */
@Entity
@Table(name = "outbound_delivery")
public class OutboundDelivery extends PanacheEntityBase {

    public static final String CALLBACK = "CALLBACK";
    public static final String WEBHOOK = "WEBHOOK";

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    /** Given up on (retries ran out, or a target that is not allowed): the dead letter, redelivered by an operator. */
    public static final String FAILED = "FAILED";

    @Id
    public UUID id;

    @Column(nullable = false)
    public String kind;

    /** The approval request a callback reports; null for a webhook event. */
    @Column(name = "approval_uuid")
    public UUID approvalUuid;

    /** The webhook and the event a webhook delivery carries; null for a callback. */
    @Column(name = "webhook_id")
    public String webhookId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String method;

    /** A callback's §3 parameters as JSON (the POST body, or what the GET query carries); a webhook event's claims. */
    @Column(nullable = false, columnDefinition = "text")
    public String body;

    @Column(nullable = false)
    public String state;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "last_error")
    public String lastError;

    /** A new delivery, due now. */
    public static OutboundDelivery due(String kind, long applicationId, String url, String method, String body) {
        OutboundDelivery delivery = new OutboundDelivery();
        delivery.id = UUID.randomUUID();
        delivery.kind = kind;
        delivery.applicationId = applicationId;
        delivery.url = url;
        delivery.method = method;
        delivery.body = body;
        delivery.state = PENDING;
        delivery.attempts = 0;
        delivery.createdAt = Instant.now();
        delivery.nextAttemptAt = delivery.createdAt;
        return delivery;
    }

    /** Due again now: one more try for a delivered or failed one (an operator's redelivery). */
    public void redeliver() {
        state = PENDING;
        nextAttemptAt = Instant.now();
    }

    public static List<OutboundDelivery> ofApproval(UUID approvalUuid) {
        return list("approvalUuid = ?1 order by createdAt", approvalUuid);
    }

    /** The latest deliveries of a kind, newest first, in a state and of an application when given. */
    public static List<OutboundDelivery> latest(String kind, String state, Long applicationId, int limit) {
        StringBuilder query = new StringBuilder("kind = :kind");
        Parameters parameters = Parameters.with("kind", kind);
        if (state != null) {
            query.append(" and state = :state");
            parameters.and("state", state);
        }
        if (applicationId != null) {
            query.append(" and applicationId = :applicationId");
            parameters.and("applicationId", applicationId);
        }
        return find(query.append(" order by createdAt desc").toString(), parameters).page(0, limit).list();
    }
}
