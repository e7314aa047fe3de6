package io.latchkey.push.device;

import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A device token-service registered, as the {@code devices} topic told push-service (docs/event-catalogue.md). */
@Entity
@Table(name = "device_projection")
public class DeviceProjection extends PanacheEntityBase {

    @Id
    @Column(name = "device_id")
    public long deviceId;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(name = "os_type")
    public String osType;

    /** Base64 X.509 SubjectPublicKeyInfo; checks the decisions the device signs. */
    @Column(name = "public_key", columnDefinition = "text")
    public String publicKey;

    @Column(name = "key_algorithm")
    public String keyAlgorithm;

    @Column(nullable = false)
    public boolean registered;

    public static Optional<DeviceProjection> findRegistered(long deviceId) {
        return DeviceProjection.<DeviceProjection> findByIdOptional(deviceId).filter(device -> device.registered);
    }

    /** The registered devices of a user in an application: the ones that can answer its approval requests. */
    public static List<DeviceProjection> registeredOf(long applicationId, long authyId) {
        return list("authyId = ?1 and applicationId = ?2 and registered = true", authyId, applicationId);
    }
}
