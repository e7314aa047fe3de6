package io.latchkey.user.stats;

/**
 * The counted columns of {@code app/stats} (docs/authy-api.md row 13). {@code users_count} is not among
 * them: it is read from the users table, so registrations never queue on one statistics row.
 */
public enum MonthlyCounter {
    API_CALLS("api_calls_count"),
    AUTHS("auths_count"),
    SMS("sms_count"),
    CALLS("calls_count");

    final String column;

    MonthlyCounter(String column) {
        this.column = column;
    }
}
