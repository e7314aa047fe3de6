package io.latchkey.console.web;

import java.util.Map;
import java.util.Set;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.latchkey.console.ConsoleConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** Refuses a change whose form or header does not carry the browser's CSRF token (see {@link Csrf}). */
public class CsrfFilters {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    Csrf csrf;

    @Inject
    ConsoleConfig config;

    @Inject
    Pages pages;

    @ServerRequestFilter
    @WithFormRead
    public Response refuseForgedChanges(ResteasyReactiveContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            csrf.token(); // decided now, so that the response can set the cookie whenever the page renders
            return null;
        }
        String submitted = request.getHeaderString(Csrf.HEADER);
        if (submitted == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                    .getFormParameter(Csrf.FORM_FIELD, true, false);
            submitted = field instanceof String text ? text : null;
        }
        if (csrf.matches(submitted)) {
            return null;
        }
        return Pages.page(403, pages.problem(new ApiProblem(403, "This form has expired or did not come from the "
                + "console. Go back, reload the page and try again.", Map.of())));
    }

    @ServerResponseFilter
    public void setIssuedToken(ContainerResponseContext response) {
        String issued = csrf.issued();
        if (issued != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(Csrf.COOKIE).value(issued)
                    .path(ConsoleConfig.ROOT_PATH).httpOnly(true).secure(config.secureCookies())
                    .sameSite(NewCookie.SameSite.STRICT).build());
        }
    }
}
