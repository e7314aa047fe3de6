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

/** One message the notifier was asked to send; the code itself is never stored. */
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

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
