package io.latchkey.console.delivery;

import static io.latchkey.console.web.Pages.page;

import java.util.List;

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

/** What happened to the SMS and calls to one number: each message's status, provider, error and attempts. */
@Path("/deliveries")
@Produces(MediaType.TEXT_HTML)
public class DeliveryPages {

    static final int LATEST = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(String destination, List<DeliveriesApi.Delivery> deliveries,
                ApiProblem problem);
    }

    @Inject
    @RestClient
    DeliveriesApi deliveries;

    @GET
    public Response search(@RestQuery String destination) {
        if (destination == null || destination.isBlank()) {
            return page(200, Templates.search("", null, null));
        }
        try {
            return page(200, Templates.search(destination, deliveries.toNumber(destination.trim(), LATEST)
                    .deliveries(), null));
        } catch (WebApplicationException e) {
            ApiProblem problem = ApiProblem.of(e);
            if (problem.status() != 400) {
                throw e;
            }
            return page(400, Templates.search(destination, null, problem));
        }
    }

}
