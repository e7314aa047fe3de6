package io.latchkey.events.approvals;

import java.util.UUID;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/** A OneTouch approval request was created or changed status; published by push-service on {@code approvals}. */
public record ApprovalRequestChanged(UUID uuid, long applicationId, long authyId, Status status) implements EventPayload {

    public static final String TYPE = "approval-request.changed";
    public static final int SCHEMA_VERSION = 1;

    public enum Status {
        PENDING, APPROVED, DENIED, EXPIRED
    }

    @Override
    public String topic() {
        return Topics.APPROVALS;
    }

    @Override
    public String key() {
        return String.valueOf(authyId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
