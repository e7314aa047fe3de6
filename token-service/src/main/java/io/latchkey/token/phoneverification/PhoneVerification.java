package io.latchkey.token.phoneverification;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "phone_verification")
public class PhoneVerification extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(name = "phone_e164", nullable = false)
    public String phoneE164;

    @Column(nullable = false)
    public String via;

    @Column(name = "code_hmac", nullable = false, length = 64)
    public String codeHmac;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The newest verification of this number in this application that can still be checked. */
    public static Optional<PhoneVerification> findPending(long applicationId, String phoneE164, Instant now) {
        return find("applicationId = ?1 and phoneE164 = ?2 and verifiedAt is null and expiresAt > ?3 order by createdAt desc",
                applicationId, phoneE164, now).firstResultOptional();
    }
}
