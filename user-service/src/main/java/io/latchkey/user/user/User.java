package io.latchkey.user.user;

import java.time.Instant;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** An Authy user of one application: its authy_id, phone (E.164) and latest email. */
@Entity
@Table(name = "authy_user")
public class User extends PanacheEntityBase {

    @Id
    @SequenceGenerator(name = "authy_id", sequenceName = "authy_id_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "authy_id")
    @Column(name = "authy_id")
    public Long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    /** Grows on every change; consumers of {@code users} ignore anything older. */
    @Column(nullable = false)
    public long revision;

    @Column(name = "country_code", nullable = false)
    public int countryCode;

    @Column(name = "phone_e164", nullable = false, length = 20)
    public String phoneE164;

    @Column(nullable = false, length = 320)
    public String email;

    /** Proven once: the first successful verification or a registered device (docs/authy-api.md §6). */
    @Column(nullable = false)
    public boolean registered;

    /** When it was proven (null: before this was kept, or imported from Authy as registered). */
    @Column(name = "registered_at")
    public Instant registeredAt;

    /** How: {@code sms}, {@code voice}, {@code soft_token}, {@code authenticator_app}, or {@code device:<os type>}. */
    @Column(name = "registered_via")
    public String registeredVia;

    /** The migration import carried the user's authenticator seed over from Authy (to token-service). */
    @Column(name = "authenticator_imported", nullable = false)
    public boolean authenticatorImported;

    /** Set by a {@code banned} activity, cleared by {@code unbanned}. */
    @Column(name = "account_disabled", nullable = false)
    public boolean accountDisabled;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "removed_at")
    public Instant removedAt;

    /** Another application's users do not exist for this one (a 404, not a 403). */
    public static Optional<User> findLive(long applicationId, long authyId) {
        return find("authyId = ?1 and applicationId = ?2 and removedAt is null", authyId, applicationId)
                .firstResultOptional();
    }

    /**
     * The row locked until the transaction ends: every change to a user goes through here, so two
     * writers (an update racing a verification, a removal racing a device) never overwrite each other
     * or publish the same revision twice.
     */
    public static Optional<User> findLiveForUpdate(long applicationId, long authyId) {
        return find("authyId = ?1 and applicationId = ?2 and removedAt is null", authyId, applicationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public static Optional<User> findForUpdate(long authyId) {
        return Optional.ofNullable(findById(authyId, LockModeType.PESSIMISTIC_WRITE));
    }

    public static long countLive(long applicationId) {
        // a count query of our own: Panache's count() has Hibernate build and translate one anew on every call
        return getEntityManager().createQuery("select count(*) from User where applicationId = ?1 and removedAt is null", Long.class)
                .setParameter(1, applicationId)
                .getSingleResult();
    }

    /** Locked like {@link #findLiveForUpdate}; callers also hold the phone's advisory lock. */
    public static Optional<User> findLiveByPhoneForUpdate(long applicationId, String phoneE164) {
        return find("applicationId = ?1 and phoneE164 = ?2 and removedAt is null", applicationId, phoneE164)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }
}
