package io.latchkey.console.deadletter;

import static io.latchkey.console.web.Pages.seeOther;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.latchkey.console.web.Operator;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Events no consumer could take, on the broker's dead-letter topics: why, and replay onto their topic. */
@Path("/dead-letters")
@Produces(MediaType.TEXT_HTML)
public class DeadLetterPages {

    static final int LATEST = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(String topic, DeadLettersApi.Letters letters, String done);
    }

    @Inject
    @RestClient
    DeadLettersApi deadLetters;

    @Inject
    Operator operator;

    @GET
    public TemplateInstance list(@RestQuery String topic, @RestQuery String done) {
        String only = topic == null || topic.isBlank() ? null : topic;
        return Templates.list(only, deadLetters.list(only, LATEST), done);
    }

    @POST
    @Path("/{topic}/{partition}/{offset}/replay")
    public Response replay(@PathParam("topic") String topic, @PathParam("partition") int partition,
            @PathParam("offset") long offset) {
        if (!operator.canOperate()) {
            throw new ForbiddenException("Replaying needs the operator role.");
        }
        deadLetters.replay(topic, partition, offset);
        return seeOther("/dead-letters?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&done=replayed");
    }
}
