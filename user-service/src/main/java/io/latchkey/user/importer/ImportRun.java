package io.latchkey.user.importer;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An import run the caller named ({@code ?import_id=}): where it has got while it runs, its report once it ends.
 * Written in transactions of its own, so that a dry run (one transaction, rolled back) is followed too.
 */
@Entity
@Table(name = "import_run")
public class ImportRun extends PanacheEntityBase {

    public enum State {
        RUNNING, DONE, FAILED
    }

    @Id
    public UUID id;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    /** The operator who started it (their token's name). */
    public String actor;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    /** The upload's Content-Length; null when it came chunked (no percentage then). */
    @Column(name = "bytes_total")
    public Long bytesTotal;

    @Column(name = "bytes_read", nullable = false)
    public long bytesRead;

    @Column(name = "lines_read", nullable = false)
    public long linesRead;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    /** The last progress; a running import with an old one has stopped (its instance went away). */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** The summary line's object, as JSON. */
    @Column(columnDefinition = "text")
    public String summary;

    /** The first refused rows ({@code line, authy_id, reason}), as a JSON array. */
    @Column(columnDefinition = "text")
    public String rejected;

    public String failure;
}
