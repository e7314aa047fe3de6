package io.latchkey.events;

import java.util.List;

/** Kafka topic names, see DESIGN.md "Events". Keys: authy_id, or the application id for {@link #APPLICATIONS}. */
public final class Topics {

    /** Compacted: the latest state of every application, so a new instance can rebuild its projection. */
    public static final String APPLICATIONS = "applications";
    /** Compacted: the latest state of every user. */
    public static final String USERS = "users";
    public static final String VERIFICATIONS = "verifications";
    public static final String DEVICES = "devices";
    public static final String DELIVERIES_REQUESTED = "deliveries.requested";
    public static final String DELIVERIES_STATUS = "deliveries.status";
    public static final String APPROVALS = "approvals";

    public static final List<String> COMPACTED = List.of(APPLICATIONS, USERS);
    public static final List<String> ALL = List.of(APPLICATIONS, USERS, VERIFICATIONS, DEVICES,
            DELIVERIES_REQUESTED, DELIVERIES_STATUS, APPROVALS);

    private Topics() {
    }
}
