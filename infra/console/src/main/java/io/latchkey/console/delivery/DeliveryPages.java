package io.latchkey.console.delivery;

import static io.latchkey.console.web.Pages.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.latchkey.console.web.ApiProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The SMS and calls of an application, to one number, or both, newest first, a page at a time: each message's status
 * and every attempt at sending it (when, the provider's answer, how long it took). Numbers come masked.
 */
@Path("/deliveries")
@Produces(MediaType.TEXT_HTML)
public class DeliveryPages {

    static final int PAGE = 50;

    @CheckedTemplate
    static class Templates {
        /** {@code latest}, {@code older}: the paging links, null where there is no such page. */
        static native TemplateInstance search(Long appId, String destination, String before, DeliveriesApi.Search found,
                ApiProblem problem, String latest, String older);
    }

    @Inject
    @RestClient
    DeliveriesApi deliveries;

    @GET
    public Response search(@RestQuery("app_id") Long appId, @RestQuery String destination, @RestQuery String before) {
        String number = destination == null || destination.isBlank() ? null : destination.trim();
        String from = before == null || before.isBlank() ? null : before;
        if (appId == null && number == null) {
            return page(200, Templates.search(null, "", null, null, null, null, null));
        }
        try {
            DeliveriesApi.Search found = deliveries.search(appId, number, from, PAGE);
            StringJoiner filter = new StringJoiner("&", "/console/deliveries?", "");
            if (appId != null) {
                filter.add("app_id=" + appId);
            }
            if (number != null) {
                filter.add("destination=" + URLEncoder.encode(number, StandardCharsets.UTF_8));
            }
            String list = filter.toString();
            String latest = from == null ? null : list;
            String older = found.nextBefore() == null ? null : list + "&before=" + found.nextBefore();
            return page(200, Templates.search(appId, number, from, found, null, latest, older));
        } catch (WebApplicationException e) {
            ApiProblem problem = ApiProblem.of(e);
            if (problem.status() != 400) {
                throw e;
            }
            return page(400, Templates.search(appId, number, from, null, problem, null, null));
        }
    }
}
