package io.latchkey.user.user;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user's device as token-service announced it on {@code devices}; status lists the types. */
@Entity
@Table(name = "user_device")
public class UserDevice extends PanacheEntityBase {

    @Id
    @Column(name = "device_id")
    public long deviceId;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    @Column(name = "os_type", nullable = false, length = 64)
    public String osType;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    static List<String> osTypesOf(long authyId) {
        return UserDevice.<UserDevice> list("authyId", Sort.by("registeredAt"), authyId).stream()
                .map(device -> device.osType).toList();
    }
}
