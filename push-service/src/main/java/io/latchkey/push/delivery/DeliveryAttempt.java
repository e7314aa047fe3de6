package io.latchkey.push.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One try to deliver a callback or webhook event: what the endpoint answered, or what went wrong, and how long it took. */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "delivery_id", nullable = false)
    public UUID deliveryId;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "latency_ms", nullable = false)
    public long latencyMs;

    @Column(name = "http_status")
    public Integer httpStatus;

    @Column
    public String error;

    public static List<DeliveryAttempt> ofDelivery(UUID deliveryId) {
        return list("deliveryId = ?1 order by attempt", deliveryId);
    }
}
