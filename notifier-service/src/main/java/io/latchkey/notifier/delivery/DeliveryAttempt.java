package io.latchkey.notifier.delivery;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One try at sending a {@link Delivery}: written when the attempt is claimed (so that one cut off by a crash is on
 * record too), finished with the provider's answer, and moved on by the provider's status callbacks for the message
 * it sent. Operators read it; the sending decisions are taken on {@link Delivery} alone.
 */
@Entity
@Table(name = "delivery_attempt")
@IdClass(DeliveryAttempt.Key.class)
public class DeliveryAttempt extends PanacheEntityBase {

    public record Key(UUID deliveryId, int number) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    public enum Outcome {
        /** With the provider now, or cut off by a crash before {@link DeliveryLog#failAbandoned} looked. */
        SENDING,
        /** The provider took the message. */
        SENT,
        DELIVERED,
        UNDELIVERED,
        /** The provider refused it or could not be reached; the delivery says whether another attempt follows. */
        FAILED,
        /** The process died while the provider had it: whether it went out is not known (never resent). */
        UNKNOWN
    }

    @Id
    @Column(name = "delivery_id")
    public UUID deliveryId;

    @Id
    public int number;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "provider_message_id")
    public String providerMessageId;

    static DeliveryAttempt start(UUID deliveryId, int number, Instant startedAt) {
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.deliveryId = deliveryId;
        attempt.number = number;
        attempt.startedAt = startedAt;
        attempt.outcome = Outcome.SENDING;
        attempt.persist();
        return attempt;
    }

    /** The delivery's attempt {@code number}; one from before this table existed is written now, started then. */
    static DeliveryAttempt of(Delivery delivery, int number) {
        DeliveryAttempt attempt = findById(new Key(delivery.id, number));
        if (attempt == null) {
            Instant started = delivery.attemptStartedAt != null ? delivery.attemptStartedAt : delivery.updatedAt;
            attempt = start(delivery.id, number, started);
        }
        return attempt;
    }

    static Map<UUID, List<DeliveryAttempt>> ofDeliveries(Collection<UUID> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Map.of();
        }
        return DeliveryAttempt.<DeliveryAttempt> list("deliveryId in ?1 order by number", deliveryIds).stream()
                .collect(Collectors.groupingBy(attempt -> attempt.deliveryId));
    }
}
