package io.latchkey.token.authenticator;

import java.time.Duration;
import java.time.Instant;

import io.latchkey.token.config.OtpPolicy;
import io.latchkey.token.seed.SeedCipher;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Totp;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The user's one generic-authenticator seed (sealed); a new {@code secret} call replaces it. The migration import
 * can carry one over from Authy ({@link ImportedAuthenticators}).
 */
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

    /** A seed imported from Authy keeps its app's parameters; null: the platform's settings. */
    @Column
    public Integer digits;

    @Column(name = "period_seconds")
    public Integer periodSeconds;

    @Column
    public String algorithm;

    /** Carried over by the migration import (not made by a {@code secret} call here). */
    @Column(nullable = false)
    public boolean imported;

    /** The TOTP this seed's app computes: its own parameters where it has them, else the platform's. */
    public Totp totp(OtpPolicy.Authenticator defaults) {
        return new Totp(algorithm != null ? HmacAlgorithm.valueOf(algorithm) : defaults.algorithm(),
                digits != null ? digits : defaults.digits(),
                periodSeconds != null ? Duration.ofSeconds(periodSeconds) : defaults.period());
    }

    /**
     * The creation time is part of the context: a seed sealed for an earlier secret of the same user
     * does not open as the current one.
     */
    public String seedContext() {
        return SeedCipher.context("authenticator", authyId + ":" + createdAt.toEpochMilli());
    }
}
