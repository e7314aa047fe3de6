package io.latchkey.user.importer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.admin.Audited;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.outbox.OutboxAcks;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.user.application.ApplicationService;
import io.latchkey.user.importer.UserImporter.Outcome;
import io.latchkey.user.importer.UserImporter.RowResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code POST /admin/applications/{id}/users/import}: the migration path from Authy (README
 * "Migrating from Authy"). The body is read line by line and imported in batches; each row's result
 * is written back as a JSON line as soon as its batch commits, then a summary line. Memory stays
 * flat whatever the file size.
 */
@Audited
@Path("/admin/applications/{id}/users/import")
@RolesAllowed(OperatorRoles.ADMIN)
public class UserImportResource {

    private static final Logger LOG = Logger.getLogger(UserImportResource.class);
    static final int BATCH_SIZE = 500;
    /** A line longer than this is not a user record; refusing it keeps one bad line from eating memory. */
    static final int MAX_LINE_CHARS = 2048;
    static final String NDJSON = "application/x-ndjson";
    /** A dry run is one transaction over the whole file; this bounds it. */
    static final int DRY_RUN_TIMEOUT_SECONDS = 3600;

    @Inject
    ApplicationService applications;

    @Inject
    UserImporter importer;

    @Inject
    ObjectMapper json;

    @Inject
    OutboxAcks acks;

    @Inject
    ImportRuns runs;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes({ NDJSON, "application/jsonl", "application/json", "text/csv", "text/plain" })
    @Produces(NDJSON)
    public StreamingOutput importUsers(@PathParam("id") long applicationId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, @QueryParam("dry_run") boolean dryRun,
            @QueryParam("import_id") String importId, InputStream body) {
        applications.find(applicationId); // 404 before anything is read
        boolean csv = contentType != null && contentType.toLowerCase().startsWith("text/csv");
        ImportLineParser parser = new ImportLineParser(json, csv);
        UUID runId = importId == null || importId.isBlank() ? null : ImportRuns.parseId(importId);
        if (runId != null) {
            runs.start(runId, applicationId, identity.getPrincipal().getName(), dryRun, contentLength);
        }
        CountingInputStream counted = new CountingInputStream(body);
        return output -> {
            try {
                importAll(applicationId, dryRun, parser, counted, output, runId);
            } catch (IOException | RuntimeException e) {
                if (runId != null) {
                    runs.fail(runId, "the import stopped: " + e.getClass().getSimpleName());
                }
                throw e;
            }
        };
    }

    /**
     * A run started with {@code ?import_id=}: while it runs, how much of the upload it has read ({@code percent} of its
     * Content-Length; null when it came chunked); once it ends, its summary and the first refused rows (line, authy_id,
     * reason). From any instance, so that a console behind a load balancer can follow it.
     */
    @GET
    @Path("/{importId}")
    @Produces(MediaType.APPLICATION_JSON)
    public ImportRunView run(@PathParam("id") long applicationId, @PathParam("importId") String importId) {
        ImportRun run = QuarkusTransaction.requiringNew().call(() -> ImportRun.<ImportRun> findById(ImportRuns.parseId(importId)));
        if (run == null || run.applicationId != applicationId) {
            throw AuthyException.notFound("import " + importId);
        }
        return ImportRunView.of(run, json);
    }

    private void importAll(long applicationId, boolean dryRun, ImportLineParser parser, CountingInputStream body,
            OutputStream output, UUID runId) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
        Report report = new Report();
        long started = System.nanoTime();
        long lineNumber = 0;
        if (dryRun) {
            // every batch joins this one transaction, rolled back at the end: the dry run's checks are the import's
            QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout(DRY_RUN_TIMEOUT_SECONDS));
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            List<ImportRow> batch = new ArrayList<>(BATCH_SIZE);
            List<RowResult> unreadable = new ArrayList<>();
            BoundedLineReader lines = new BoundedLineReader(reader, MAX_LINE_CHARS);
            BoundedLineReader.Line next;
            while ((next = lines.next()) != null) {
                lineNumber++;
                if (next.tooLong()) {
                    unreadable.add(RowResult.rejected(lineNumber, null, "line longer than " + MAX_LINE_CHARS + " characters"));
                    continue;
                }
                String line = next.text();
                if (line.isBlank() || parser.isHeader(lineNumber, line)) {
                    continue;
                }
                try {
                    batch.add(parser.parse(lineNumber, line));
                } catch (ImportLineParser.UnreadableLine e) {
                    unreadable.add(RowResult.rejected(lineNumber, null, e.getMessage()));
                }
                if (batch.size() == BATCH_SIZE) {
                    flush(applicationId, batch, unreadable, writer, report, dryRun);
                    progress(writer, lineNumber, started);
                    if (runId != null) {
                        runs.progress(runId, body.count(), lineNumber);
                    }
                }
            }
            flush(applicationId, batch, unreadable, writer, report, dryRun);
        } finally {
            if (dryRun && QuarkusTransaction.isActive()) {
                QuarkusTransaction.rollback();
            }
        }
        if (!dryRun) {
            // the summary is the import's answer: once it is read, every service can catch up to the imported users
            // (the answer streams after the request's scope has ended, so the wait is for all rows written so far)
            acks.awaitEverythingWrittenSoFar();
        }
        Map<String, Object> summary = report.summary(dryRun);
        if (runId != null) {
            runs.end(runId, body.count(), lineNumber, summary, report.rejectedRows);
        }
        writer.write(json.writeValueAsString(Map.of("summary", summary)));
        writer.write('\n');
        writer.flush();
        LOG.infof("application %d: import %s %s", applicationId, dryRun ? "dry run finished" : "finished", summary);
    }

    /** After each batch: how far the file has been read, so that a large import shows it is moving. */
    private void progress(Writer writer, long lines, long started) throws IOException {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("lines", lines);
        progress.put("seconds", (System.nanoTime() - started) / 1_000_000_000L);
        writer.write(json.writeValueAsString(Map.of("progress", progress)));
        writer.write('\n');
        writer.flush();
    }

    /** The totals of one import: outcomes, rejections by reason, seeds carried over, users who enrol again. */
    static final class Report {
        private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        private final Map<String, Long> rejectedByReason = new TreeMap<>();
        private final List<Map<String, Object>> rejectedRows = new ArrayList<>();
        private long seedsImported;
        private long reenrol;

        Report() {
            for (Outcome outcome : Outcome.values()) {
                outcomes.put(outcome, 0L);
            }
        }

        void add(RowResult result) {
            outcomes.merge(result.outcome(), 1L, Long::sum);
            if (result.outcome() == Outcome.REJECTED && rejectedRows.size() < ImportRuns.REJECTED_KEPT) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("line", result.line());
                row.put("authy_id", result.authyId());
                row.put("reason", result.reason());
                rejectedRows.add(row);
            }
            if (result.reason() != null) {
                // per-user details (an authy_id owning the phone) stay on the row; the totals group by kind
                rejectedByReason.merge(result.reason().replaceAll("authy_id \\d+", "authy_id …"), 1L, Long::sum);
            }
            seedsImported += result.seedImported() ? 1 : 0;
            reenrol += result.reenrol() ? 1 : 0;
        }

        Map<String, Object> summary(boolean dryRun) {
            Map<String, Object> summary = new LinkedHashMap<>();
            if (dryRun) {
                summary.put("dry_run", true);
            }
            outcomes.forEach((outcome, count) -> summary.put(outcome.name().toLowerCase(), count));
            summary.put("rejected_by_reason", rejectedByReason);
            summary.put("seeds_imported", seedsImported);
            summary.put("reenrol", reenrol);
            return summary;
        }
    }

    private void flush(long applicationId, List<ImportRow> batch, List<RowResult> unreadable, Writer writer,
            Report report, boolean dryRun) throws IOException {
        List<RowResult> results = new ArrayList<>(unreadable);
        if (!batch.isEmpty()) {
            results.addAll(importer.importBatch(applicationId, batch, dryRun));
        }
        results.sort((a, b) -> Long.compare(a.line(), b.line()));
        for (RowResult result : results) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", result.line());
            line.put("authy_id", result.authyId());
            line.put("result", result.outcome().name().toLowerCase());
            if (result.reason() != null) {
                line.put("reason", result.reason());
            }
            if (result.seedImported()) {
                line.put("seed", "imported");
            }
            if (result.reenrol()) {
                line.put("reenrol", true);
            }
            writer.write(json.writeValueAsString(line));
            writer.write('\n');
            report.add(result);
        }
        writer.flush();
        batch.clear();
        unreadable.clear();
    }
}
