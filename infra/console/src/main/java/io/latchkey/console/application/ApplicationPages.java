package io.latchkey.console.application;

import static io.latchkey.console.web.Pages.page;
import static io.latchkey.console.web.Pages.seeOther;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.latchkey.console.ConsoleConfig;
import io.latchkey.console.web.ApiProblem;
import io.latchkey.console.web.Operator;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Applications: the list, one application's settings, a new one, its keys (shown once, at creation and rotation) and
 * its deletion (the operator types its name to confirm). Everyone may look; changes need the admin role, which the
 * pages check to show their controls and user-service checks again on every call.
 */
@Path("/applications")
@Produces(MediaType.TEXT_HTML)
public class ApplicationPages {

    @CheckedTemplate
    static class Templates {
        /** {@code first}, {@code next}: the paging links, null where there is no such page. */
        static native TemplateInstance list(List<ApplicationsApi.Application> applications, String deleted, String first,
                String next);

        static native TemplateInstance create(ApplicationsApi.Application app, ApiProblem problem);

        static native TemplateInstance detail(ApplicationsApi.Application app, ApiProblem problem, boolean saved);

        /** The one page that shows keys; {@code apiKeyKept} when an API key from Authy was kept and not shown. */
        static native TemplateInstance keys(ApplicationsApi.Application app, String heading, String apiKey,
                String apiKeyKept, String accessKey, String apiSigningKey);

        static native TemplateInstance delete(ApplicationsApi.Application app, ApiProblem problem);
    }

    /** A new application starts from Authy's defaults, as user-service applies them. */
    private static final ApplicationsApi.Application NEW = new ApplicationsApi.Application(0, "", 7, true, true, true,
            true, false, "", "POST", "", List.of(), false, 0, "", List.of());

    @Inject
    @RestClient
    ApplicationsApi api;

    @Inject
    Operator operator;

    @Inject
    ConsoleConfig config;

    /** A page of applications in the order they were made ({@code after}: the last id of the previous page), by name. */
    @GET
    public TemplateInstance list(@RestQuery String deleted, @RestQuery Long after) {
        List<ApplicationsApi.Application> found = api.page(after, config.pageSize() + 1);
        List<ApplicationsApi.Application> shown = found.subList(0, Math.min(found.size(), config.pageSize()));
        String next = found.size() > shown.size() ? "/console/applications?after=" + shown.get(shown.size() - 1).id() : null;
        return Templates.list(shown.stream()
                .sorted(Comparator.comparing(ApplicationsApi.Application::name, String.CASE_INSENSITIVE_ORDER))
                .toList(), deleted, after == null ? null : "/console/applications", next);
    }

    @GET
    @Path("/new")
    public TemplateInstance newApplication() {
        mustChangeApplications();
        return Templates.create(NEW, null);
    }

    @POST
    public Response create(@BeanParam ApplicationForm form) {
        mustChangeApplications();
        try {
            ApplicationsApi.Created created = api.create(form.settings());
            return page(200, Templates.keys(created.application(), "Application created", created.apiKey(),
                    created.apiKeyKept(), created.accessKey(), created.apiSigningKey()));
        } catch (WebApplicationException e) {
            ApiProblem problem = refusedInput(e);
            return page(problem.status(), Templates.create(form.asPosted(0), problem));
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance detail(@PathParam("id") long id, @RestQuery boolean saved) {
        return Templates.detail(api.get(id), null, saved);
    }

    @POST
    @Path("/{id}")
    public Response update(@PathParam("id") long id, @BeanParam ApplicationForm form) {
        mustChangeApplications();
        form.apiKey = null; // an API key is only ever generated or kept at creation
        try {
            api.update(id, form.settings());
            return seeOther("/applications/" + id + "?saved=true");
        } catch (WebApplicationException e) {
            ApiProblem problem = refusedInput(e);
            return page(problem.status(), Templates.detail(form.asPosted(id), problem, false));
        }
    }

    @POST
    @Path("/{id}/api-key")
    public TemplateInstance rotateApiKey(@PathParam("id") long id) {
        mustChangeApplications();
        ApplicationsApi.RotatedApiKey rotated = api.rotateApiKey(id);
        return Templates.keys(api.get(id), "New API key", rotated.apiKey(), null, null, null);
    }

    @POST
    @Path("/{id}/dashboard-keys")
    public TemplateInstance rotateDashboardKeys(@PathParam("id") long id) {
        mustChangeApplications();
        ApplicationsApi.RotatedDashboardKeys rotated = api.rotateDashboardKeys(id);
        return Templates.keys(api.get(id), "New dashboard keys", null, null, rotated.accessKey(),
                rotated.apiSigningKey());
    }

    @GET
    @Path("/{id}/delete")
    public TemplateInstance confirmDelete(@PathParam("id") long id) {
        mustChangeApplications();
        return Templates.delete(api.get(id), null);
    }

    @POST
    @Path("/{id}/delete")
    public Response delete(@PathParam("id") long id, @RestForm("confirm_name") String confirmName) {
        mustChangeApplications();
        ApplicationsApi.Application app = api.get(id);
        if (confirmName == null || !confirmName.trim().equals(app.name())) {
            return page(400, Templates.delete(app, new ApiProblem(400, "Type the application's name to delete it.",
                    Map.of("confirm_name", "does not match the application's name"))));
        }
        api.delete(id);
        return seeOther("/applications?deleted=" + URLEncoder.encode(app.name(), StandardCharsets.UTF_8));
    }

    private void mustChangeApplications() {
        if (!operator.canChangeApplications()) {
            throw new ForbiddenException("Changing applications needs the admin role.");
        }
    }

    /** The API's refusal of what was typed, shown beside the form; any other failure becomes a problem page. */
    private static ApiProblem refusedInput(WebApplicationException e) {
        ApiProblem problem = ApiProblem.of(e);
        if (problem.status() != 400 && problem.status() != 422) {
            throw e;
        }
        return problem;
    }

}
