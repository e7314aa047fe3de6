package io.latchkey.console.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ended import's report for the page: its summary's totals, the refused rows by reason, and the first refused rows
 * (user-service keeps the first 200; the totals count them all).
 */
public record ImportReport(boolean dryRun, Map<String, Long> counts, Map<String, Long> rejectedByReason,
        List<ImportRunsApi.Rejected> rejected) {

    public boolean moreRejected() {
        return counts.getOrDefault("rejected", 0L) > rejected.size();
    }

    static ImportReport of(ImportRunsApi.Run run) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> byReason = new LinkedHashMap<>();
        run.summary().forEach((name, value) -> {
            if (value instanceof Number number) {
                counts.put(name, number.longValue());
            } else if ("rejected_by_reason".equals(name) && value instanceof Map<?, ?> reasons) {
                reasons.forEach((reason, count) -> byReason.put(String.valueOf(reason), ((Number) count).longValue()));
            }
        });
        return new ImportReport(run.dryRun(), counts, byReason, run.rejected() == null ? List.of() : run.rejected());
    }
}
