package io.latchkey.user.importer;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An import run as the admin API shows it. {@code percent}: of the upload read, 100 only once it has ended (the last
 * batch, and for an import the other services' catching up, come after the last byte); null when the upload had no
 * Content-Length. {@code summary}: as the import's last answer line; {@code rejected}: its first refused rows.
 */
public record ImportRunView(UUID id, @JsonProperty("app_id") long applicationId, String actor,
        @JsonProperty("dry_run") boolean dryRun, String state, @JsonProperty("bytes_total") Long bytesTotal,
        @JsonProperty("bytes_read") long bytesRead, @JsonProperty("lines_read") long linesRead, Integer percent,
        @JsonProperty("started_at") Instant startedAt, @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("ended_at") Instant endedAt, Map<String, Object> summary, List<Map<String, Object>> rejected,
        String failure) {

    static ImportRunView of(ImportRun run, ObjectMapper json) {
        return new ImportRunView(run.id, run.applicationId, run.actor, run.dryRun, run.state.name().toLowerCase(Locale.ROOT),
                run.bytesTotal, run.bytesRead, run.linesRead, percent(run), run.startedAt, run.updatedAt, run.endedAt,
                read(json, run.summary, new TypeReference<Map<String, Object>>() {
                }), read(json, run.rejected, new TypeReference<List<Map<String, Object>>>() {
                }), run.failure);
    }

    private static Integer percent(ImportRun run) {
        if (run.state == ImportRun.State.DONE) {
            return 100;
        }
        if (run.bytesTotal == null || run.bytesTotal <= 0) {
            return null;
        }
        int read = (int) Math.min(100, run.bytesRead * 100 / run.bytesTotal);
        return run.state == ImportRun.State.RUNNING ? Math.min(99, read) : read;
    }

    private static <T> T read(ObjectMapper json, String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored import report is not JSON", e);
        }
    }
}
