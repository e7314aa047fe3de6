package io.latchkey.token.device;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An authenticator app of a user: its public key (for OneTouch, in push-service) and its soft-token seed (sealed). */
@Entity
@Table(name = "device")
public class Device extends PanacheEntityBase {

    public static final String REGISTERED = "REGISTERED";
    public static final String REMOVED = "REMOVED";

    @Id
    public long id;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(name = "os_type", nullable = false)
    public String osType;

    @Column(name = "public_key", nullable = false, columnDefinition = "text")
    public String publicKey;

    @Column(name = "key_algorithm", nullable = false)
    public String keyAlgorithm;

    @Column(name = "seed_sealed", nullable = false, columnDefinition = "text")
    public String seedSealed;

    /** Soft-token digits given to the device at registration; null on rows from before V9 (use the application's). */
    @Column
    public Integer digits;

    @Column(name = "last_used_step")
    public Long lastUsedStep;

    /** {@code sms} or {@code voice}: how the phone was proved. */
    @Column(name = "registration_method", nullable = false)
    public String registrationMethod;

    @Column(nullable = false)
    public String status;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "removed_at")
    public Instant removedAt;

    public static List<Device> registeredOf(long authyId) {
        return list("authyId = ?1 and status = ?2 order by registeredAt desc, id desc", authyId, REGISTERED);
    }

    /** The device registered last: its type is what sms/call answer in {@code device} when they ignore a request. */
    public static Optional<Device> latestRegistered(long authyId) {
        return find("authyId = ?1 and status = ?2 order by registeredAt desc, id desc", authyId, REGISTERED)
                .firstResultOptional();
    }

    public static String seedContext(long deviceId) {
        return io.latchkey.token.seed.SeedCipher.context("device", deviceId);
    }
}
