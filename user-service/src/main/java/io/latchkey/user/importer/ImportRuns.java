package io.latchkey.user.importer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.error.AuthyException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The record of named import runs. Every write is a transaction of its own ({@code requiringNew}): a dry run's rows
 * are one transaction that is rolled back at the end, its progress must not be.
 */
@ApplicationScoped
public class ImportRuns {

    /** Refused rows kept for the report; the summary counts them all. */
    static final int REJECTED_KEPT = 200;

    @Inject
    ObjectMapper json;

    public static UUID parseId(String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw AuthyException.invalidParameter("import_id", "must be a UUID");
        }
    }

    void start(UUID id, long applicationId, String actor, boolean dryRun, Long bytesTotal) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (ImportRun.findById(id) != null) {
                throw AuthyException.invalidParameter("import_id", "was used by another import");
            }
            ImportRun run = new ImportRun();
            run.id = id;
            run.applicationId = applicationId;
            run.actor = actor;
            run.dryRun = dryRun;
            run.state = ImportRun.State.RUNNING;
            run.bytesTotal = bytesTotal;
            run.startedAt = Instant.now();
            run.updatedAt = run.startedAt;
            run.persist();
        });
    }

    void progress(UUID id, long bytesRead, long linesRead) {
        QuarkusTransaction.requiringNew().run(() -> ImportRun.update(
                "bytesRead = ?1, linesRead = ?2, updatedAt = ?3 where id = ?4", bytesRead, linesRead, Instant.now(), id));
    }

    void end(UUID id, long bytesRead, long linesRead, Map<String, Object> summary, List<Map<String, Object>> rejected) {
        QuarkusTransaction.requiringNew().run(() -> {
            ImportRun run = ImportRun.findById(id);
            run.bytesRead = bytesRead;
            run.linesRead = linesRead;
            run.summary = write(summary);
            run.rejected = write(rejected);
            run.state = ImportRun.State.DONE;
            run.endedAt = Instant.now();
            run.updatedAt = run.endedAt;
        });
    }

    void fail(UUID id, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            ImportRun run = ImportRun.findById(id);
            if (run != null && run.state == ImportRun.State.RUNNING) {
                run.state = ImportRun.State.FAILED;
                run.failure = reason.length() > 500 ? reason.substring(0, 500) : reason;
                run.endedAt = Instant.now();
                run.updatedAt = run.endedAt;
            }
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
