package io.latchkey.token.projection;

import java.time.Instant;
import java.util.Optional;

import io.latchkey.authy.error.AuthyException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user as user-service last published it on {@code users}; token-service never reads user-service's tables. */
@Entity
@Table(name = "token_user")
public class TokenUser extends PanacheEntityBase {

    @Id
    @Column(name = "authy_id")
    public long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(nullable = false)
    public long revision;

    @Column(name = "country_code", nullable = false)
    public int countryCode;

    @Column(name = "phone_e164")
    public String phoneE164;

    public String email;

    @Column(nullable = false)
    public boolean registered;

    @Column(nullable = false)
    public boolean deleted;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The user {@code rawId} of this application; anything else (unknown, deleted, another app's, not a number) is not found. */
    public static Optional<TokenUser> findInApplication(long applicationId, String rawId) {
        if (rawId == null || !rawId.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return TokenUser.<TokenUser> findByIdOptional(Long.parseLong(rawId))
                .filter(user -> user.applicationId == applicationId && !user.deleted);
    }

    /** Same as {@link #findInApplication}, else 404/60026 "User not found." (authy-api.md rows 9–11). */
    public static TokenUser require(long applicationId, String rawId) {
        return findInApplication(applicationId, rawId).orElseThrow(AuthyException::userNotFound);
    }
}
