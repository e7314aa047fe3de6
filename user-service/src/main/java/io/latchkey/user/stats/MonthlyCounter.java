package io.latchkey.user.stats;

/** The columns of {@code app/stats} (authy-api.md row 13). */
public enum MonthlyCounter {
    API_CALLS("api_calls_count"),
    AUTHS("auths_count"),
    SMS("sms_count"),
    CALLS("calls_count"),
    USERS("users_count");

    final String column;

    MonthlyCounter(String column) {
        this.column = column;
    }
}
