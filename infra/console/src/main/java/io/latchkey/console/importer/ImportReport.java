package io.latchkey.console.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The import's answer read for a page: its summary, and the rows that were not imported (the first
 * {@link #SHOWN_ROWS}; the summary counts them all). Rows that went in are counted, not listed.
 */
public record ImportReport(boolean dryRun, Map<String, Long> counts, Map<String, Long> rejectedByReason,
        List<Row> rejected, long rows) {

    static final int SHOWN_ROWS = 200;

    public record Row(long line, String authyId, String reason) {
    }

    public boolean moreRejected() {
        return counts.getOrDefault("rejected", 0L) > rejected.size();
    }

    static ImportReport read(String ndjson, ObjectMapper json) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> byReason = new LinkedHashMap<>();
        List<Row> rejected = new ArrayList<>();
        boolean dryRun = false;
        long rows = 0;
        for (String line : ndjson.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException("the import answered a line that is not JSON", e);
            }
            if (node.has("summary")) {
                JsonNode summary = node.get("summary");
                dryRun = summary.path("dry_run").asBoolean(false);
                summary.fields().forEachRemaining(field -> {
                    if (field.getValue().isNumber()) {
                        counts.put(field.getKey(), field.getValue().asLong());
                    }
                });
                summary.path("rejected_by_reason").fields()
                        .forEachRemaining(reason -> byReason.put(reason.getKey(), reason.getValue().asLong()));
            } else if (node.has("line")) {
                rows++;
                if ("rejected".equals(node.path("result").asText()) && rejected.size() < SHOWN_ROWS) {
                    rejected.add(new Row(node.get("line").asLong(),
                            node.path("authy_id").isNull() ? "" : node.path("authy_id").asText(),
                            node.path("reason").asText("")));
                }
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalStateException("the import ended without its summary");
        }
        return new ImportReport(dryRun, counts, byReason, rejected, rows);
    }
}
