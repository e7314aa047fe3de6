package io.latchkey.push.webhook;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event delivered to an application's webhooks, as the claims of its JWT (no secrets), kept for redelivery. */
@Entity
@Table(name = "webhook_event")
public class WebhookEvent extends PanacheEntityBase {

    /** The id of the platform event it came from (a test event's own). */
    @Id
    public UUID id;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false, columnDefinition = "text")
    public String claims;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
}
