package io.latchkey.user.deadletter;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One replay of a dead letter: the admin API's record of who put which letter back, and where it went. */
@Entity
@Table(name = "dead_letter_replay")
@IdClass(DeadLetterReplay.Key.class)
public class DeadLetterReplay extends PanacheEntityBase {

    /** {@code topic/partition/offset} on the dead-letter topic. */
    @Id
    @Column(name = "letter_id")
    public String letterId;

    @Id
    @Column(name = "replayed_at")
    public Instant replayedAt;

    /** The operator's name from the token ({@code preferred_username}, else the subject). */
    @Column(name = "replayed_by", nullable = false)
    public String replayedBy;

    @Column(name = "target_topic", nullable = false)
    public String targetTopic;

    @Column(name = "target_partition", nullable = false)
    public int targetPartition;

    @Column(name = "target_offset", nullable = false)
    public long targetOffset;

    public static class Key implements Serializable {
        public String letterId;
        public Instant replayedAt;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(letterId, key.letterId) && Objects.equals(replayedAt, key.replayedAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(letterId, replayedAt);
        }
    }
}
