package io.latchkey.events;

import java.util.List;

/** Kafka topic names, see docs/architecture.md "Events". Keys: authy_id, or the application id for {@link #APPLICATIONS}. */
public final class Topics {

    /** Compacted: the latest state of every application, so a new instance can rebuild its projection. */
    public static final String APPLICATIONS = "applications";
    /** Compacted: the latest state of every user. */
    public static final String USERS = "users";
    public static final String VERIFICATIONS = "verifications";
    public static final String DEVICES = "devices";
    /** token-service asks push-service to nudge a device instead of sending an SMS/call (docs/authy-api.md §6). */
    public static final String DEVICE_NOTIFICATIONS = "devices.notifications";
    public static final String DELIVERIES_REQUESTED = "deliveries.requested";
    public static final String DELIVERIES_STATUS = "deliveries.status";
    public static final String APPROVALS = "approvals";
    /** Keyed by the application id: phone verifications have no user. */
    public static final String PHONE_VERIFICATIONS = "phone-verifications";
    /** Changes made through the admin APIs, from every service; user-service keeps the audit log. Keyed by the service. */
    public static final String AUDIT = "audit";

    public static final List<String> COMPACTED = List.of(APPLICATIONS, USERS);
    public static final List<String> ALL = List.of(APPLICATIONS, USERS, VERIFICATIONS, DEVICES, DEVICE_NOTIFICATIONS,
            DELIVERIES_REQUESTED, DELIVERIES_STATUS, APPROVALS, PHONE_VERIFICATIONS, AUDIT);

    /** push-service's webhook feed reads six topics through one channel, so its dead letters share one topic. */
    public static final String WEBHOOK_EVENTS_DEAD_LETTER = "push-service.webhook-events.dead-letter";

    /**
     * Where consumers put what they cannot handle (docs/architecture.md "Events": nothing is dropped silently).
     * Created up front like the rest: on a broker without auto-creation the first dead letter would
     * otherwise fail, and the outbox, which keeps order, would stop behind it.
     */
    public static final List<String> DEAD_LETTERS = List.of(APPLICATIONS + ".dead-letter", USERS + ".dead-letter",
            VERIFICATIONS + ".dead-letter", DEVICES + ".dead-letter", DEVICE_NOTIFICATIONS + ".dead-letter",
            DELIVERIES_REQUESTED + ".dead-letter",
            DELIVERIES_REQUESTED + ".user-service.dead-letter", WEBHOOK_EVENTS_DEAD_LETTER, AUDIT + ".dead-letter");

    private Topics() {
    }
}
