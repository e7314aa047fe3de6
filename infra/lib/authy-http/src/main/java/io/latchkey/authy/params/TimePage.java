package io.latchkey.authy.params;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

import io.latchkey.authy.error.AuthyException;

/**
 * A page of an operators' list that runs newest first: {@code ?before=} (the {@code next_before} of the previous
 * page, an instant; absent for the newest) and {@code ?limit=} (1 to 200, 50 when absent); anything else is
 * 400/60004. A query fetches {@link #fetchSize()} rows, one more than the page, so that whether an older page exists
 * is known without counting them all.
 */
public record TimePage(Instant before, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    private static final Instant NEWEST = Instant.parse("9999-12-31T23:59:59Z");

    public static TimePage parse(String before, Integer limit) {
        int size = limit == null ? DEFAULT_SIZE : limit;
        if (size < 1 || size > MAX_SIZE) {
            throw AuthyException.invalidParameter("limit", "must be between 1 and " + MAX_SIZE);
        }
        if (before == null || before.isBlank()) {
            return new TimePage(NEWEST, size);
        }
        try {
            return new TimePage(Instant.parse(before.strip()), size);
        } catch (DateTimeParseException e) {
            throw AuthyException.invalidParameter("before", "must be a time as 2026-12-03T09:00:00Z");
        }
    }

    public int fetchSize() {
        return size + 1;
    }

    /** The rows of the page among those fetched. */
    public <T> List<T> rows(List<T> fetched) {
        return fetched.stream().limit(size).toList();
    }

    /** The {@code next_before} to answer: the time of the page's last row when an older one was fetched, else null. */
    public <T> Instant nextBefore(List<T> fetched, Function<T, Instant> time) {
        return fetched.size() > size ? time.apply(fetched.get(size - 1)) : null;
    }
}
