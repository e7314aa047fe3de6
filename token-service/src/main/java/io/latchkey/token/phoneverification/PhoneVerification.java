package io.latchkey.token.phoneverification;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
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

    /** Null on rows written before codes were kept for re-sending (V4). */
    @Column(name = "code_length")
    public Integer codeLength;

    /** The code sealed with the installation's master key, so a repeated start re-sends it; dropped once verified. */
    @Column(name = "code_sealed", columnDefinition = "text")
    public String codeSealed;

    @Column(name = "failed_attempts", nullable = false)
    public int failedAttempts;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static String sealingContext(UUID id) {
        return "phone-verification-code:" + id;
    }

    /** The newest verification of this number in this application, whatever its state. */
    public static Optional<PhoneVerification> findLatest(long applicationId, String phoneE164) {
        return find("applicationId = ?1 and phoneE164 = ?2 order by createdAt desc", applicationId, phoneE164)
                .firstResultOptional();
    }

    /** The newest verification of this number in this application that can still be checked. */
    public static Optional<PhoneVerification> findPending(long applicationId, String phoneE164, Instant now, int maxAttempts) {
        return find("applicationId = ?1 and phoneE164 = ?2 and verifiedAt is null and expiresAt > ?3 and failedAttempts < ?4 "
                + "order by createdAt desc", applicationId, phoneE164, now, maxAttempts)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Ends every still-pending verification of the number (a new code replaces them): only one code is live. */
    public static int voidPending(long applicationId, String phoneE164, Instant now) {
        return update("expiresAt = ?3, codeSealed = null where applicationId = ?1 and phoneE164 = ?2 "
                + "and verifiedAt is null and expiresAt > ?3", applicationId, phoneE164, now);
    }
}
