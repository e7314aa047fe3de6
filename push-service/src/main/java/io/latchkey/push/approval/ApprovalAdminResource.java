package io.latchkey.push.approval;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.approvals.ApprovalRequestChanged.Status;
import io.latchkey.roles.OperatorRoles;
import io.quarkus.panache.common.Parameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * Operators' view of an application's OneTouch approval requests, newest first, a page at a time, by status (their
 * callbacks, each attempt, are {@code /admin/onetouch/callbacks?approval_request=<uuid>}). The message is shown;
 * details and hidden details, which the application may fill with its users' data, are not.
 */
@Path("/admin/onetouch/approval-requests")
@RolesAllowed(OperatorRoles.VIEWER)
public class ApprovalAdminResource {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    public record ApprovalView(String uuid, @JsonProperty("authy_id") long authyId, String status, String message,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("expires_at") Instant expiresAt,
            @JsonProperty("processed_at") Instant processedAt, boolean notified,
            @JsonProperty("decline_reason") String declineReason) {

        static ApprovalView of(ApprovalRequest request) {
            return new ApprovalView(request.uuid.toString(), request.authyId, request.status.name().toLowerCase(Locale.ROOT),
                    request.message, request.createdAt, request.expiresAt, request.processedAt, request.notified,
                    request.declineReason);
        }
    }

    /** {@code next_before}: the {@code before} of the next, older page; null on the last one. */
    public record Page(List<ApprovalView> requests, @JsonProperty("next_before") Instant nextBefore) {
    }

    @GET
    @Transactional
    public Page list(@QueryParam("app_id") Long applicationId, @QueryParam("status") String status,
            @QueryParam("before") String before, @QueryParam("limit") Integer limit) {
        if (applicationId == null) {
            throw AuthyException.invalidParameter("app_id", "Parameter is required");
        }
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw AuthyException.invalidParameter("limit", "must be between 1 and " + MAX_PAGE);
        }
        Parameters parameters = Parameters.with("application", applicationId).and("before", instant(before));
        String query = "applicationId = :application and createdAt < :before";
        if (status != null && !status.isBlank()) {
            query += " and status = :status";
            parameters = parameters.and("status", status(status));
        }
        // one more than the page: whether an older page exists, without counting them all
        List<ApprovalRequest> found = ApprovalRequest.<ApprovalRequest> find(query + " order by createdAt desc, uuid",
                parameters).page(0, size + 1).list();
        List<ApprovalView> page = found.stream().limit(size).map(ApprovalView::of).toList();
        return new Page(page, found.size() > size ? page.get(size - 1).createdAt() : null);
    }

    private static Instant instant(String before) {
        if (before == null || before.isBlank()) {
            return Instant.parse("9999-12-31T23:59:59Z");
        }
        try {
            return Instant.parse(before.strip());
        } catch (DateTimeParseException e) {
            throw AuthyException.invalidParameter("before", "must be a time as 2026-12-03T09:00:00Z");
        }
    }

    private static Status status(String value) {
        try {
            return Status.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AuthyException.invalidParameter("status", "must be pending, approved, denied or expired");
        }
    }
}
