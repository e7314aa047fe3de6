package io.latchkey.push.approval;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.params.TimePage;
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
        TimePage window = TimePage.parse(before, limit);
        Parameters parameters = Parameters.with("application", applicationId).and("before", window.before());
        String query = "applicationId = :application and createdAt < :before";
        if (status != null && !status.isBlank()) {
            query += " and status = :status";
            parameters = parameters.and("status", status(status));
        }
        List<ApprovalRequest> found = ApprovalRequest.<ApprovalRequest> find(query + " order by createdAt desc, uuid",
                parameters).page(0, window.fetchSize()).list();
        return new Page(window.rows(found).stream().map(ApprovalView::of).toList(),
                window.nextBefore(found, request -> request.createdAt));
    }

    private static Status status(String value) {
        try {
            return Status.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AuthyException.invalidParameter("status", "must be pending, approved, denied or expired");
        }
    }
}
