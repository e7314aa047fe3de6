package io.latchkey.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;

/** Pages that belong to no feature: a refusal or failure, in the console's layout. */
@ApplicationScoped
public class Pages {

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance problem(ApiProblem problem);
    }

    public TemplateInstance problem(ApiProblem problem) {
        return Templates.problem(problem);
    }
}
