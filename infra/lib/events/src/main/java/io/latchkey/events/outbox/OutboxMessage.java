package io.latchkey.events.outbox;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event written in the same transaction as the change it describes, waiting to reach Kafka. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    /**
     * Allocated at insert, not at commit. For one key that is enough: writers of the same aggregate hold
     * its row lock from before they insert here until they commit, so one key's rows commit in id order.
     */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    /** The instance sending the row right now, until {@link #claimedUntil}; a claim that expires is taken over. */
    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    /** After a failed attempt: not sent again before this. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** Set when Kafka refused the row for good; an operator looks at {@code last_error} and may replay it. */
    @Column(name = "parked_at")
    public Instant parkedAt;
}
