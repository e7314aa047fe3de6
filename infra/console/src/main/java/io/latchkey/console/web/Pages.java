package io.latchkey.console.web;

import io.latchkey.console.ConsoleConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** How every page answers: a rendered page with its status, a redirect after a change, a refusal or failure. */
@ApplicationScoped
public class Pages {

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance problem(ApiProblem problem);
    }

    public TemplateInstance problem(ApiProblem problem) {
        return Templates.problem(problem);
    }

    /** A page with a status other than 200 (a form shown again with the API's reasons: 400). */
    public static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page.render()).build();
    }

    /**
     * After a change, the page to show next ({@code path} under the console, with its query). A path-absolute
     * Location, right whatever host the browser reached the console by (the gateway's).
     */
    public static Response seeOther(String path) {
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, ConsoleConfig.ROOT_PATH + path)
                .build();
    }
}
