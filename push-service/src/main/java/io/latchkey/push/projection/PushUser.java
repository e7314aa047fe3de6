package io.latchkey.push.projection;

import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What push-service knows of a user, from the {@code users} topic. */
@Entity
@Table(name = "user_projection")
public class PushUser extends PanacheEntityBase {

    @Id
    @Column(name = "authy_id")
    public long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(nullable = false)
    public long revision;

    public String email;

    @Column(nullable = false)
    public boolean registered;

    @Column(nullable = false)
    public boolean deleted;

    /** Users of another application are invisible, as if they did not exist (404/60026). */
    public static Optional<PushUser> findInApplication(long applicationId, long authyId) {
        return PushUser.<PushUser> findByIdOptional(authyId)
                .filter(user -> user.applicationId == applicationId && !user.deleted);
    }
}
