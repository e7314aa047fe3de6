package io.latchkey.console.outbox;

import static io.latchkey.console.web.Pages.seeOther;

import java.util.List;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.latchkey.console.web.Operator;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Events the broker refused for good (too large, topic or ACL refused), parked in a service's outbox so that the
 * events after them go on: every service's, side by side, and sent again once the cause is fixed.
 */
@Path("/outbox")
@Produces(MediaType.TEXT_HTML)
public class OutboxPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ParkedOutboxApi.Rows> services, String done);
    }

    @Inject
    @RestClient
    ParkedOutboxApi outbox;

    @Inject
    Operator operator;

    @GET
    public TemplateInstance list(@RestQuery String done) {
        return Templates.list(ParkedOutboxApi.SERVICES.stream().map(outbox::list).toList(), done);
    }

    @POST
    @Path("/{service}/{id}/replay")
    public Response replay(@PathParam("service") String service, @PathParam("id") long id) {
        if (!operator.canOperate()) {
            throw new ForbiddenException("Sending a parked event again needs the operator role.");
        }
        if (!ParkedOutboxApi.SERVICES.contains(service)) {
            throw new NotFoundException();
        }
        outbox.replay(service, id);
        return seeOther("/outbox?done=replayed");
    }
}
