package io.latchkey.user.stats;

/**
 * The counted columns of {@code app/stats} (docs/authy-api.md row 13) and of the operators' statistics
 * ({@code /admin/applications/stats}). {@code users_count} is not among them: it is read from the users table,
 * so registrations never queue on one statistics row.
 */
public enum MonthlyCounter {
    API_CALLS("api_calls_count"),
    /** Valid verifications. */
    AUTHS("auths_count"),
    SMS("sms_count"),
    CALLS("calls_count"),
    /** Verifications refused: a wrong code, or one already used. */
    INVALID_VERIFICATIONS("verifications_invalid_count"),
    /** Verifications refused because the user was locked out after too many wrong codes. */
    LOCKED_VERIFICATIONS("verifications_locked_count");

    final String column;

    MonthlyCounter(String column) {
        this.column = column;
    }
}
