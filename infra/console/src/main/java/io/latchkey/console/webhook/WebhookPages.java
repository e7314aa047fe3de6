package io.latchkey.console.webhook;

import static io.latchkey.console.web.Pages.seeOther;

import java.util.Comparator;
import java.util.List;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.latchkey.console.ConsoleConfig;
import io.latchkey.console.application.ApplicationsApi;
import io.latchkey.console.outbound.OutboundDelivery;
import io.latchkey.console.web.Operator;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Dashboard webhooks of an application: their state (and why one was disabled), each one's latest deliveries with
 * every attempt, and what an operator does about them: redeliver an event, send a test event, enable a disabled
 * webhook. Creating and deleting webhooks is the application's own business, through the dashboard API.
 */
@Path("/webhooks")
@Produces(MediaType.TEXT_HTML)
public class WebhookPages {

    /** Deliveries shown per webhook, newest first (the admin API gives 100 at most). */
    static final int DELIVERIES = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ApplicationsApi.Application> applications,
                ApplicationsApi.Application app, List<WebhooksApi.Webhook> webhooks);

        /** {@code redeliverBase} + event id + "/redeliver" + {@code redeliverQuery}: a delivery's redeliver form. */
        static native TemplateInstance detail(ApplicationsApi.Application app, WebhooksApi.Webhook webhook,
                List<OutboundDelivery> deliveries, String done, String redeliverBase, String redeliverQuery);
    }

    @Inject
    @RestClient
    WebhooksApi webhooks;

    @Inject
    @RestClient
    ApplicationsApi applications;

    @Inject
    Operator operator;

    @GET
    public TemplateInstance list(@RestQuery("app_id") Long applicationId) {
        List<ApplicationsApi.Application> all = applications.list().stream()
                .sorted(Comparator.comparing(ApplicationsApi.Application::name, String.CASE_INSENSITIVE_ORDER)).toList();
        ApplicationsApi.Application app = applicationId == null ? null
                : all.stream().filter(a -> a.id() == applicationId).findFirst()
                        .orElseThrow(() -> new NotFoundException("no application " + applicationId));
        return Templates.list(all, app, app == null ? List.of() : webhooks.list(app.id()));
    }

    @GET
    @Path("/{id}")
    public TemplateInstance detail(@PathParam("id") String id, @RestQuery("app_id") long applicationId,
            @RestQuery String done) {
        ApplicationsApi.Application app = applications.get(applicationId);
        WebhooksApi.Webhook webhook = webhooks.list(applicationId).stream().filter(w -> w.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("no webhook " + id + " in application " + applicationId));
        return Templates.detail(app, webhook, webhooks.deliveries(id, DELIVERIES), done,
                ConsoleConfig.ROOT_PATH + "/webhooks/" + id + "/events/", "?app_id=" + applicationId);
    }

    @POST
    @Path("/{id}/test")
    public Response sendTest(@PathParam("id") String id, @RestQuery("app_id") long applicationId) {
        mustOperate();
        webhooks.sendTest(id);
        return backTo(id, applicationId, "test");
    }

    @POST
    @Path("/{id}/enable")
    public Response enable(@PathParam("id") String id, @RestQuery("app_id") long applicationId) {
        mustOperate();
        webhooks.enable(id);
        return backTo(id, applicationId, "enabled");
    }

    @POST
    @Path("/{id}/events/{eventId}/redeliver")
    public Response redeliver(@PathParam("id") String id, @PathParam("eventId") String eventId,
            @RestQuery("app_id") long applicationId) {
        mustOperate();
        webhooks.redeliver(id, eventId);
        return backTo(id, applicationId, "redelivered");
    }

    private void mustOperate() {
        if (!operator.canOperate()) {
            throw new ForbiddenException("Redelivering needs the operator role.");
        }
    }

    private static Response backTo(String id, long applicationId, String done) {
        return seeOther("/webhooks/" + id + "?app_id=" + applicationId + "&done=" + done);
    }
}
