package io.latchkey.user.user;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What the application told us happened to a user (docs/authy-api.md row 4), kept for audit. */
@Entity
@Table(name = "registration_activity")
public class RegistrationActivity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    @Column(nullable = false, length = 32)
    public String type;

    /** The {@code data} hash as JSON. */
    @Column(columnDefinition = "text")
    public String data;

    @Column(name = "user_ip", length = 64)
    public String userIp;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
