package io.latchkey.token.authenticator;

import java.time.Instant;

import io.latchkey.token.seed.SeedCipher;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The user's one generic-authenticator seed (sealed); a new {@code secret} call replaces it. */
@Entity
@Table(name = "authenticator_secret")
public class AuthenticatorSecret extends PanacheEntityBase {

    @Id
    @Column(name = "authy_id")
    public long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(name = "seed_sealed", nullable = false, columnDefinition = "text")
    public String seedSealed;

    @Column(name = "last_used_step")
    public Long lastUsedStep;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /**
     * The creation time is part of the context: a seed sealed for an earlier secret of the same user
     * does not open as the current one.
     */
    public String seedContext() {
        return SeedCipher.context("authenticator", authyId + ":" + createdAt.toEpochMilli());
    }
}
