package io.latchkey.console.importer;

import static io.latchkey.console.web.Pages.page;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.console.application.ApplicationsApi;
import io.latchkey.console.web.ApiProblem;
import io.latchkey.console.web.Operator;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Authy migration upload (docs/migrating-from-authy.md): a CSV or JSON-lines export into an application, a dry
 * run first by default, and the per-row report of what was refused and why. The page waits for the whole import;
 * while it runs, the browser shows that it is working (htmx's request indicator, or the browser's own).
 */
@Path("/import")
@Produces(MediaType.TEXT_HTML)
public class ImportPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(List<ApplicationsApi.Application> applications, Long appId,
                ApiProblem problem);

        static native TemplateInstance report(ApplicationsApi.Application app, String fileName, ImportReport report);
    }

    @Inject
    @RestClient
    ImportApi imports;

    @Inject
    @RestClient
    ApplicationsApi applications;

    @Inject
    Operator operator;

    @Inject
    ObjectMapper json;

    @GET
    public TemplateInstance form(@RestQuery("app_id") Long appId) {
        mustAdminister();
        return Templates.form(sorted(), appId, null);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("app_id") long appId, @RestForm String format, @RestForm("dry_run") boolean dryRun,
            @RestForm("file") FileUpload file) {
        mustAdminister();
        if (file == null || file.size() == 0) {
            return page(400, Templates.form(sorted(), appId, new ApiProblem(400, "Choose the export file to import.",
                    Map.of("file", "no file"))));
        }
        ApplicationsApi.Application app = applications.get(appId);
        String answer;
        try {
            answer = "jsonl".equals(format) ? imports.jsonLines(appId, dryRun, file.uploadedFile().toFile())
                    : imports.csv(appId, dryRun, file.uploadedFile().toFile());
        } catch (WebApplicationException e) {
            ApiProblem problem = ApiProblem.of(e);
            if (problem.status() != 400) {
                throw e;
            }
            return page(400, Templates.form(sorted(), appId, problem));
        }
        return page(200, Templates.report(app, file.fileName(), ImportReport.read(answer, json)));
    }

    private List<ApplicationsApi.Application> sorted() {
        return applications.list().stream()
                .sorted(Comparator.comparing(ApplicationsApi.Application::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    private void mustAdminister() {
        if (!operator.canChangeApplications()) {
            throw new ForbiddenException("Importing users needs the admin role.");
        }
    }

}
