package io.latchkey.push.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.latchkey.authy.error.AuthyException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

/**
 * The dashboard webhooks API, docs/authy-api.md rows 20 (create), 21 (list) and 22 (delete), authenticated by
 * {@link DashboardAuthentication}. Bodies are read raw on every method: clients send a GET's and a DELETE's
 * parameters as a form body.
 */
@Path("/dashboard/json/application/webhooks")
public class DashboardWebhooksResource {

    @Inject
    DashboardAuthentication authentication;

    @Inject
    Webhooks webhooks;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    @POST
    public Map<String, Object> create(byte[] body) {
        DashboardAuthentication.Authenticated request = authentication.authenticate("POST", uri, headers, body);
        Webhooks.Created created = webhooks.create(request.application(),
                request.single("name").orElse(""), request.single("url").orElse(""),
                DashboardSignature.values(request.params(), "events"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("webhook", Webhooks.view(created.webhook(), created.signingKey()));
        answer.put("message", "Webhook created");
        answer.put("success", true);
        return answer;
    }

    @GET
    public Map<String, Object> list(byte[] body) {
        DashboardAuthentication.Authenticated request = authentication.authenticate("GET", uri, headers, body);
        List<Map<String, Object>> views = webhooks.list(request.application());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("webhooks", views);
        answer.put("message", "Webhooks retrieved");
        answer.put("success", true);
        return answer;
    }

    @DELETE
    @Path("/{webhookId}")
    public Map<String, Object> delete(@PathParam("webhookId") String webhookId, byte[] body) {
        DashboardAuthentication.Authenticated request = authentication.authenticate("DELETE", uri, headers, body);
        webhooks.delete(request.application(), webhookId);
        return deleted();
    }

    /** AuthySE/dashboard-api's form: the id as a {@code webhook_id} parameter. */
    @DELETE
    public Map<String, Object> deleteByParameter(byte[] body) {
        DashboardAuthentication.Authenticated request = authentication.authenticate("DELETE", uri, headers, body);
        webhooks.delete(request.application(), request.single("webhook_id")
                .orElseThrow(() -> AuthyException.of(400, "60100", "Webhook deletion error: webhook_id - Parameter is required")
                        .withFieldError("webhook_id", "Parameter is required")));
        return deleted();
    }

    private static Map<String, Object> deleted() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", "Webhook deleted");
        answer.put("success", true);
        return answer;
    }
}
