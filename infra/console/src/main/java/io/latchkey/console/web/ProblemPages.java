package io.latchkey.console.web;

import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * An admin API's refusal that a page does not handle itself (a viewer's POST, a deleted application, a service that
 * is down) becomes a page with the API's message and the same status; never a stack trace.
 */
public class ProblemPages {

    @Inject
    Pages pages;

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        ApiProblem problem = ApiProblem.of(e);
        return Pages.page(problem.status(), pages.problem(problem));
    }

    /** The gateway or the service did not answer at all. */
    @ServerExceptionMapper
    public Response unreachable(ProcessingException e) {
        ApiProblem problem = new ApiProblem(503, ApiProblem.defaultMessage(503), Map.of());
        return Pages.page(503, pages.problem(problem));
    }
}
