package io.latchkey.console.overview;

import java.util.List;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.latchkey.console.application.ApplicationsApi;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The console's first page. Today it lists the applications with their channels; the platform's counts (verifications,
 * deliveries, OneTouch, webhooks, consumer lag, health) need admin APIs that do not exist yet (docs/console.md).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(List<ApplicationsApi.Application> applications);
    }

    @Inject
    @RestClient
    ApplicationsApi applications;

    @GET
    public TemplateInstance overview() {
        return Templates.overview(applications.list());
    }
}
