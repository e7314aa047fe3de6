package io.latchkey.token.device;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A started device registration: the code sent to the user's phone, kept as an HMAC only. */
@Entity
@Table(name = "device_registration")
public class DeviceRegistration extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(nullable = false)
    public String via;

    @Column(name = "code_hmac", nullable = false, length = 64)
    public String codeHmac;

    @Column(name = "failed_attempts", nullable = false)
    public int failedAttempts;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
