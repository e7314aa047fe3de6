package io.latchkey.console.onetouch;

import static io.latchkey.console.web.Pages.seeOther;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.latchkey.console.outbound.OutboundDelivery;
import io.latchkey.console.web.Operator;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * OneTouch callbacks: those of one approval request, or the latest in a state (the failed ones first: they are the
 * callbacks' dead letters), each with every attempt, and redelivery of one.
 */
@Path("/onetouch")
@Produces(MediaType.TEXT_HTML)
public class OneTouchPages {

    static final Set<String> STATES = Set.of("failed", "pending", "delivered");
    static final int LATEST = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance callbacks(String state, Long appId, String approvalRequest,
                List<OutboundDelivery> deliveries, String done, String redeliverQuery);

        /** {@code latest}, {@code older}: the paging links, null where there is no such page. */
        static native TemplateInstance requests(Long appId, String status, String before,
                ApprovalRequestsApi.Page page, String latest, String older);
    }

    static final Set<String> STATUSES = Set.of("pending", "approved", "denied", "expired");
    static final int PAGE = 50;

    @Inject
    @RestClient
    ApprovalRequestsApi approvals;

    @Inject
    @RestClient
    CallbacksApi callbacks;

    @Inject
    Operator operator;

    @GET
    public TemplateInstance callbacks(@RestQuery String state, @RestQuery("app_id") Long appId,
            @RestQuery("approval_request") String approvalRequest, @RestQuery String done) {
        String shown = state == null || state.isBlank() ? "failed" : state;
        if (!STATES.contains(shown)) {
            throw new BadRequestException("state must be failed, pending or delivered");
        }
        boolean byRequest = approvalRequest != null && !approvalRequest.isBlank();
        List<OutboundDelivery> found = byRequest ? callbacks.ofRequest(approvalRequest.trim())
                : callbacks.latest(shown, appId, LATEST);
        return Templates.callbacks(shown, appId, byRequest ? approvalRequest.trim() : null, found, done,
                query(shown, appId, byRequest ? approvalRequest.trim() : null));
    }

    /** An application's approval requests, newest first, a page at a time; each links to its callbacks. */
    @GET
    @Path("/requests")
    public TemplateInstance requests(@RestQuery("app_id") Long appId, @RestQuery String status, @RestQuery String before) {
        String only = status == null || status.isBlank() ? null : status;
        if (only != null && !STATUSES.contains(only)) {
            throw new BadRequestException("status must be pending, approved, denied or expired");
        }
        ApprovalRequestsApi.Page page = appId == null ? new ApprovalRequestsApi.Page(List.of(), null)
                : approvals.page(appId, only, before == null || before.isBlank() ? null : before, PAGE);
        String list = "/console/onetouch/requests?app_id=" + appId + (only == null ? "" : "&status=" + only);
        String latest = before == null || before.isBlank() ? null : list;
        String older = page.nextBefore() == null ? null : list + "&before=" + page.nextBefore();
        return Templates.requests(appId, only, before, page, latest, older);
    }

    @POST
    @Path("/callbacks/{id}/redeliver")
    public Response redeliver(@PathParam("id") String id, @RestQuery String state, @RestQuery("app_id") Long appId,
            @RestQuery("approval_request") String approvalRequest) {
        if (!operator.canOperate()) {
            throw new ForbiddenException("Redelivering needs the operator role.");
        }
        callbacks.redeliver(id);
        return seeOther("/onetouch" + query(state, appId, approvalRequest) + "&done=redelivered");
    }

    /** The page's filter as a query, so that a redelivery comes back to the same list. */
    static String query(String state, Long appId, String approvalRequest) {
        StringBuilder query = new StringBuilder("?state=").append(state == null ? "failed" : encode(state));
        if (appId != null) {
            query.append("&app_id=").append(appId);
        }
        if (approvalRequest != null && !approvalRequest.isBlank()) {
            query.append("&approval_request=").append(encode(approvalRequest));
        }
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
