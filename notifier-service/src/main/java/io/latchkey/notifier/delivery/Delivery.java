package io.latchkey.notifier.delivery;

import java.time.Instant;
import java.util.UUID;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryStatusChanged;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One message the notifier was asked to send, keyed by the delivery id (which makes the consumer
 * idempotent). The code is never stored in the clear: only while a retry is pending, sealed, in
 * {@link #sealedRequest}.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(name = "authy_id")
    public Long authyId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryRequested.Channel channel;

    @Column(nullable = false)
    public String destination;

    /** The locale the text was rendered in (after resolution), not necessarily the one requested. */
    public String locale;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryRequested.Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatusChanged.Status status;

    @Column(nullable = false)
    public String provider;

    @Column(name = "provider_message_id")
    public String providerMessageId;

    @Column(name = "error_code")
    public String errorCode;

    /** Attempts started so far (the first one included). */
    @Column(nullable = false)
    public int attempts;

    /** When a QUEUED delivery is due for its next attempt; null when none is planned. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** Set while an attempt talks to the provider; a value left behind means the process died mid-send. */
    @Column(name = "attempt_started_at")
    public Instant attemptStartedAt;

    /** The request (code included) sealed with the installation key, only while a retry is pending. */
    @Column(name = "sealed_request", columnDefinition = "text")
    public String sealedRequest;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
