package io.latchkey.user.importer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.events.outbox.OutboxAcks;
import io.latchkey.user.application.ApplicationAdminResource;
import io.latchkey.user.application.ApplicationService;
import io.latchkey.user.importer.UserImporter.Outcome;
import io.latchkey.user.importer.UserImporter.RowResult;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code POST /admin/applications/{id}/users/import}: the migration path from Authy (README
 * "Migrating from Authy"). The body is read line by line and imported in batches; each row's result
 * is written back as a JSON line as soon as its batch commits, then a summary line. Memory stays
 * flat whatever the file size.
 */
@Path("/admin/applications/{id}/users/import")
@RolesAllowed(ApplicationAdminResource.ADMIN_ROLE)
public class UserImportResource {

    private static final Logger LOG = Logger.getLogger(UserImportResource.class);
    static final int BATCH_SIZE = 500;
    /** A line longer than this is not a user record; refusing it keeps one bad line from eating memory. */
    static final int MAX_LINE_CHARS = 2048;
    static final String NDJSON = "application/x-ndjson";

    @Inject
    ApplicationService applications;

    @Inject
    UserImporter importer;

    @Inject
    ObjectMapper json;

    @Inject
    OutboxAcks acks;

    @POST
    @Consumes({ NDJSON, "application/jsonl", "application/json", "text/csv", "text/plain" })
    @Produces(NDJSON)
    public StreamingOutput importUsers(@PathParam("id") long applicationId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        applications.find(applicationId); // 404 before anything is read
        boolean csv = contentType != null && contentType.toLowerCase().startsWith("text/csv");
        ImportLineParser parser = new ImportLineParser(json, csv);
        return output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            Map<Outcome, Long> totals = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                totals.put(outcome, 0L);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                List<ImportRow> batch = new ArrayList<>(BATCH_SIZE);
                List<RowResult> unreadable = new ArrayList<>();
                BoundedLineReader lines = new BoundedLineReader(reader, MAX_LINE_CHARS);
                long lineNumber = 0;
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
                        flush(applicationId, batch, unreadable, writer, totals);
                    }
                }
                flush(applicationId, batch, unreadable, writer, totals);
            }
            // the summary is the import's answer: once it is read, every service can catch up to the imported users
            // (the answer streams after the request's scope has ended, so the wait is for all rows written so far)
            acks.awaitEverythingWrittenSoFar();
            Map<String, Object> summary = new LinkedHashMap<>();
            totals.forEach((outcome, count) -> summary.put(outcome.name().toLowerCase(), count));
            writer.write(json.writeValueAsString(Map.of("summary", summary)));
            writer.write('\n');
            writer.flush();
            LOG.infof("application %d: import finished %s", applicationId, summary);
        };
    }

    private void flush(long applicationId, List<ImportRow> batch, List<RowResult> unreadable, Writer writer,
            Map<Outcome, Long> totals) throws IOException {
        List<RowResult> results = new ArrayList<>(unreadable);
        if (!batch.isEmpty()) {
            results.addAll(importer.importBatch(applicationId, batch));
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
            writer.write(json.writeValueAsString(line));
            writer.write('\n');
            totals.merge(result.outcome(), 1L, Long::sum);
        }
        writer.flush();
        batch.clear();
        unreadable.clear();
    }
}
