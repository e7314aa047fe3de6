package io.latchkey.console.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Who changed what, when: every change made through the admin APIs or this console, newest first, a page at a time. */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

    static final int PAGE = 50;

    @CheckedTemplate
    static class Templates {
        /** {@code latest}, {@code older}: the paging links, null where there is no such page. */
        static native TemplateInstance list(String actor, Long before, AuditApi.Page page, String latest, String older);
    }

    @Inject
    @RestClient
    AuditApi audit;

    @GET
    public TemplateInstance list(@RestQuery String actor, @RestQuery Long before) {
        String only = actor == null || actor.isBlank() ? null : actor.strip();
        AuditApi.Page page = audit.page(before, PAGE, only);
        String byActor = only == null ? "" : "actor=" + URLEncoder.encode(only, StandardCharsets.UTF_8);
        String latest = before == null ? null : "/console/audit" + (byActor.isEmpty() ? "" : "?" + byActor);
        String older = page.nextBefore() == null ? null
                : "/console/audit?before=" + page.nextBefore() + (byActor.isEmpty() ? "" : "&" + byActor);
        return Templates.list(only, before, page, latest, older);
    }
}
