package io.latchkey.projection.users;

import java.time.Instant;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A service's local read model of an Authy user, from the compacted {@code users} topic that
 * user-service publishes (docs/architecture.md "Data ownership": no service reads another's tables).
 */
@Entity
@Table(name = "users_projection")
public class UserProjection extends PanacheEntityBase {

    @Id
    @Column(name = "authy_id")
    public long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(nullable = false)
    public long revision;

    @Column(name = "country_code", nullable = false)
    public int countryCode;

    /** Null once the user is removed: removal events carry no personal data. */
    @Column(name = "phone_e164")
    public String phoneE164;

    public String email;

    @Column(nullable = false)
    public boolean registered;

    @Column(nullable = false)
    public boolean deleted;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Users of another application, removed users and non-numeric ids are all "not found" (404/60026). */
    public static Optional<UserProjection> findInApplication(long applicationId, String rawId) {
        if (rawId == null || !rawId.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return findInApplication(applicationId, Long.parseLong(rawId));
    }

    public static Optional<UserProjection> findInApplication(long applicationId, long authyId) {
        return UserProjection.<UserProjection> findByIdOptional(authyId).filter(user -> user.visibleTo(applicationId));
    }

    /** Only the application's own users that are not removed exist for it. */
    public boolean visibleTo(long applicationId) {
        return this.applicationId == applicationId && !deleted;
    }
}
