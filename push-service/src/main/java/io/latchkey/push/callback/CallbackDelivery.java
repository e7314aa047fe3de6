package io.latchkey.push.callback;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One OneTouch callback to an application's URL, and where its delivery stands. Its id is the {@code webhook-id}. */
@Entity
@Table(name = "callback_delivery")
public class CallbackDelivery extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    /** Given up on (retries ran out, or a target that is not allowed): the dead letter, redelivered by an operator. */
    public static final String FAILED = "FAILED";

    @Id
    public UUID id;

    @Column(name = "approval_uuid", nullable = false)
    public UUID approvalUuid;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String method;

    /** The §3 parameters as JSON: the POST body, or what the GET query carries. */
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

    public static List<CallbackDelivery> ofApproval(UUID approvalUuid) {
        return list("approvalUuid = ?1 order by createdAt", approvalUuid);
    }
}
