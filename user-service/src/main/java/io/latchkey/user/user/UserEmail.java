package io.latchkey.user.user;

import java.io.Serializable;
import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Every email a user was registered with (docs/authy-api.md §6: the same phone with another email keeps the id). */
@Entity
@Table(name = "user_email")
@IdClass(UserEmail.Key.class)
public class UserEmail extends PanacheEntityBase {

    @Id
    @Column(name = "authy_id")
    public long authyId;

    @Id
    @Column(length = 320)
    public String email;

    @Column(name = "added_at", nullable = false)
    public Instant addedAt;

    public record Key(long authyId, String email) implements Serializable {
        public Key() {
            this(0, null);
        }
    }

    static void remember(long authyId, String email) {
        // by key: Panache's count() has Hibernate build and translate a new count query on every call
        if (findById(new Key(authyId, email)) == null) {
            UserEmail remembered = new UserEmail();
            remembered.authyId = authyId;
            remembered.email = email;
            remembered.addedAt = Instant.now();
            remembered.persist();
        }
    }
}
