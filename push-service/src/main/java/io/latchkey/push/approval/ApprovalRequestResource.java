package io.latchkey.push.approval;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.applications.Logo;
import io.latchkey.authy.params.AuthyParams;
import io.latchkey.events.Topics;
import io.latchkey.events.approvals.ApprovalRequestChanged.Status;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.latchkey.events.consumer.ProjectionCatchUp.Outcome;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.ProjectedUsers;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.push.device.DevicesConsumer;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** OneTouch approval requests, docs/authy-api.md rows 14 (create) and 15 (status). */
@Path("/onetouch/{format}")
public class ApprovalRequestResource {

    @Inject
    AuthyParams params;

    @Inject
    AuthenticatedApplication application;

    @Inject
    ApprovalRequestService approvals;

    @Inject
    OneTouchPolicy policy;

    @Inject
    ProjectedUsers users;

    @Inject
    ProjectionCatchUp catchUp;

    @POST
    @Path("/users/{authyId}/approval_requests")
    public Map<String, Object> create(@PathParam("authyId") String authyId) {
        String message = params.required("message");
        if (message.length() > policy.maxMessageLength()) {
            throw AuthyException.invalidParameter("message", "must be at most " + policy.maxMessageLength() + " characters");
        }
        long user = parseAuthyId(authyId);
        // a user created or removed, or a device registered, by a call answered before this one is seen here
        Outcome usersRead = users.awaitCurrent(authyId);
        Outcome devicesRead = catchUp.awaitKey(DevicesConsumer.CONSUMER, Topics.DEVICES, String.valueOf(user));
        ApprovalRequest created;
        try {
            created = approvals.create(application.get(), user,
                    new ApprovalRequestService.NewRequest(message, params.map("details"), params.map("hidden_details"),
                            logos(), secondsToExpire()));
        } catch (AuthyException refused) {
            throw unlessUnconfirmed(refused, user, usersRead, devicesRead);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uuid", created.uuid.toString());
        if (created.numberMatch != null) {
            // number matching: the application shows it; clients that do not know the field ignore it
            request.put("number_match", created.numberMatch);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("approval_request", request);
        answer.put("success", true);
        return answer;
    }

    @GET
    @Path("/approval_requests/{uuid}")
    public Map<String, Object> get(@PathParam("uuid") String uuid) {
        ApplicationProjection app = application.get();
        ApprovalRequest approval = approvals.find(app.applicationId, uuid);
        String email = UserProjection.<UserProjection> findByIdOptional(approval.authyId).map(user -> user.email).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("_app_name", app.name);
        body.put("_app_serial_id", app.applicationId);
        body.put("_authy_id", approval.authyId);
        body.put("_id", approval.uuid.toString().replace("-", ""));
        body.put("_user_email", email);
        body.put("app_id", String.valueOf(app.applicationId));
        body.put("created_at", timestamp(approval.createdAt));
        body.put("notified", approval.notified);
        body.put("processed_at", approval.processedAt == null ? null : timestamp(approval.processedAt));
        body.put("seconds_to_expire", approval.secondsToExpire);
        body.put("status", currentStatus(approval).name().toLowerCase());
        body.put("updated_at", timestamp(approval.updatedAt));
        body.put("user_id", String.valueOf(approval.authyId));
        body.put("uuid", approval.uuid.toString());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("approval_request", body);
        response.put("success", true);
        return response;
    }

    /** A pending request past its deadline reads as expired, whether or not a sweeper has run yet. */
    private static Status currentStatus(ApprovalRequest approval) {
        boolean overdue = approval.expiresAt != null && approval.expiresAt.isBefore(Instant.now());
        return approval.status == Status.PENDING && overdue ? Status.EXPIRED : approval.status;
    }

    /** {@code logos}: each {@code {res: default|low|med|high, url: http(s)}} (docs/authy-api.md row 14). */
    private List<Object> logos() {
        List<Object> logos = params.list("logos");
        for (Object logo : logos) {
            if (!(logo instanceof Map<?, ?> entry) || !Logo.isValid(entry.get("res"), entry.get("url"))) {
                throw AuthyException.invalidParameter("logos", Logo.RULE);
            }
        }
        return logos;
    }

    private long secondsToExpire() {
        String value = params.string("seconds_to_expire").filter(text -> !text.isBlank()).orElse(null);
        if (value == null) {
            return policy.defaultSecondsToExpire();
        }
        if (!value.matches("\\d{1,9}")) {
            throw AuthyException.invalidParameter("seconds_to_expire", "must be a whole number of seconds");
        }
        return Long.parseLong(value);
    }

    /**
     * A refusal for a user or device the projections do not have stands only when their waits completed;
     * after a wait cut short it could deny what a call answered before this one created: 503, try again
     * ({@link ProjectedUsers#unknown}).
     */
    private static AuthyException unlessUnconfirmed(AuthyException refused, long user, Outcome usersRead, Outcome devicesRead) {
        if ("60026".equals(refused.errorCode()) && UserProjection.findById(user) == null) {
            return ProjectedUsers.unknown(usersRead);
        }
        if ("60050".equals(refused.errorCode()) && devicesRead != Outcome.CAUGHT_UP) {
            return AuthyException.unavailable();
        }
        return refused;
    }

    private static long parseAuthyId(String authyId) {
        if (!authyId.matches("\\d{1,18}")) {
            throw AuthyException.userNotFound();
        }
        return Long.parseLong(authyId);
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
