package io.latchkey.console.importer;

import static io.latchkey.console.web.Pages.page;
import static io.latchkey.console.web.Pages.seeOther;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.latchkey.console.application.ApplicationsApi;
import io.latchkey.console.web.ApiProblem;
import io.latchkey.console.web.Operator;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
 * The Authy migration upload (docs/migrating-from-authy.md): a CSV or JSON-lines export into an application, a dry
 * run first by default, and the per-row report of what was refused and why. The import runs in the background
 * ({@link ImportJobs}); its page shows how much of the file it has read, and the report once it ends.
 */
@Path("/import")
@Produces(MediaType.TEXT_HTML)
public class ImportPages {

    /** A running import's page says so when user-service has not recorded progress for this long. */
    static final Duration STALLED = Duration.ofMinutes(2);
    /** A run user-service has not recorded this long after the upload started was refused, or never arrived. */
    static final Duration NEVER_STARTED = Duration.ofMinutes(1);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(List<ApplicationsApi.Application> applications, Long appId,
                ApiProblem problem);

        /**
         * A run's page: starting ({@code run} null), its progress while it runs, its report or why it failed once it
         * ended. {@code self}: the page's own URL, which it asks for again while the run is not over.
         */
        static native TemplateInstance run(ApplicationsApi.Application app, String fileName, boolean dryRun, String self,
                ImportRunsApi.Run run, ImportReport report, ApiProblem problem, boolean stalled);
    }

    @Inject
    ImportJobs jobs;

    @Inject
    @RestClient
    ImportRunsApi runs;

    @Inject
    @RestClient
    ApplicationsApi applications;

    @Inject
    Operator operator;

    @Inject
    SecurityIdentity identity;

    @GET
    public TemplateInstance form(@RestQuery("app_id") Long appId) {
        mustAdminister();
        return Templates.form(sorted(), appId, null);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("app_id") long appId, @RestForm String format, @RestForm("dry_run") boolean dryRun,
            @RestForm("file") FileUpload file) throws IOException {
        mustAdminister();
        if (file == null || file.size() == 0) {
            return page(400, Templates.form(sorted(), appId, new ApiProblem(400, "Choose the export file to import.",
                    Map.of("file", "no file"))));
        }
        applications.get(appId); // a deleted application is refused here, not in the background
        try {
            String id = jobs.start(identity.getCredential(AccessTokenCredential.class).getToken(), appId,
                    "jsonl".equals(format), dryRun, file.uploadedFile());
            return seeOther("/import/runs/" + id + "?app_id=" + appId + "&file=" + encode(file.fileName()) + "&dry_run="
                    + dryRun + "&started=" + Instant.now().getEpochSecond());
        } catch (ImportJobs.Busy e) {
            return page(429, Templates.form(sorted(), appId, new ApiProblem(429,
                    "Other imports are running; start this one when one of them has ended.", Map.of())));
        }
    }

    /** Asked for by the page itself (htmx, every second) while the run is not over; reload it without JavaScript. */
    @GET
    @Path("/runs/{id}")
    public TemplateInstance run(@PathParam("id") String id, @RestQuery("app_id") long appId, @RestQuery String file,
            @RestQuery("dry_run") boolean dryRun, @RestQuery Long started) {
        mustAdminister();
        ApplicationsApi.Application app = applications.get(appId);
        String fileName = file == null || file.isBlank() ? "an export" : file;
        String self = "/console/import/runs/" + encode(id) + "?app_id=" + appId + "&file=" + encode(fileName)
                + "&dry_run=" + dryRun + (started == null ? "" : "&started=" + started);
        ImportRunsApi.Run run;
        try {
            run = runs.get(appId, id);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                throw e;
            }
            boolean late = started == null || Instant.ofEpochSecond(started).plus(NEVER_STARTED).isBefore(Instant.now());
            ApiProblem problem = jobs.refusal(id).orElse(late ? new ApiProblem(404,
                    "This import never started: it was refused or its service did not answer. Upload the file again.",
                    Map.of()) : null);
            return Templates.run(app, fileName, dryRun, self, null, null, problem, false);
        }
        if (run.running()) {
            return Templates.run(app, fileName, run.dryRun(), self, run, null, null,
                    run.updatedAt().plus(STALLED).isBefore(Instant.now()));
        }
        if (run.summary() == null) {
            return Templates.run(app, fileName, run.dryRun(), self, run, null, new ApiProblem(500, "The import stopped ("
                    + run.failure() + "). Rows already imported stay; importing the file again updates them.", Map.of()),
                    false);
        }
        return Templates.run(app, fileName, run.dryRun(), self, run, ImportReport.of(run), null, false);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
