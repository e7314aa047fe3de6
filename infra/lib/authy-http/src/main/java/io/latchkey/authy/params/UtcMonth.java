package io.latchkey.authy.params;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.latchkey.authy.error.AuthyException;

/**
 * A calendar month in UTC as the operators' statistics APIs take it: {@code ?month=2026-12}, absent for the
 * current one; anything else is 400/60004.
 */
public record UtcMonth(YearMonth month) {

    public static UtcMonth parse(String value, Clock clock) {
        try {
            return new UtcMonth(value == null || value.isBlank() ? YearMonth.now(clock) : YearMonth.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw AuthyException.invalidParameter("month", "must be a month as 2026-12");
        }
    }

    /** Its first instant. */
    public Instant start() {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The first instant after it. */
    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** As the APIs answer it: {@code 2026-12}. */
    @Override
    public String toString() {
        return month.toString();
    }
}
