package io.latchkey.push.device;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A nudge for a device: an {@code sms} or {@code call} that was answered {@code ignored} because the user has the app. */
@Entity
@Table(name = "device_notification")
public class DeviceNotification extends PanacheEntityBase {

    /** The event id: a redelivered event finds its row and adds none. */
    @Id
    public UUID id;

    @Column(name = "device_id", nullable = false)
    public long deviceId;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    /** {@code sms} or {@code call}: what the application asked for. */
    @Column(nullable = false)
    public String reason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    public static List<DeviceNotification> undelivered(long deviceId) {
        return list("deviceId = ?1 and deliveredAt is null order by createdAt", deviceId);
    }
}
