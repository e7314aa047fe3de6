package io.latchkey.events.approvals;

import java.util.UUID;

/** A OneTouch approval request was created or changed status; published by push-service on {@code approvals}. */
public record ApprovalRequestChanged(UUID uuid, long applicationId, long authyId, Status status) {

    public static final String TYPE = "approval-request.changed";
    public static final int SCHEMA_VERSION = 1;

    public enum Status {
        PENDING, APPROVED, DENIED, EXPIRED
    }
}
