package io.latchkey.console.user;

import static io.latchkey.console.web.Pages.page;
import static io.latchkey.console.web.Pages.seeOther;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.latchkey.console.application.ApplicationsApi;
import io.latchkey.console.web.ApiProblem;
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
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An application's users: found by authy_id, the last digits of their phone or their email; one user's status,
 * devices and lockout (from user- and token-service); lifting the lockout, removing a device, removing the user
 * after a confirmation.
 */
@Path("/users")
@Produces(MediaType.TEXT_HTML)
public class UserPages {

    /** What the operator searched for, to show again. */
    public record Search(Long appId, String by, String value) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(List<ApplicationsApi.Application> applications, Search search,
                UsersApi.Found found, ApiProblem problem, String done);

        static native TemplateInstance remove(ApplicationsApi.Application app, UsersApi.User user);

        static native TemplateInstance user(ApplicationsApi.Application app, UsersApi.User user,
                UserTokensApi.TokenUser tokens, String done);
    }

    @Inject
    @RestClient
    UsersApi users;

    @Inject
    @RestClient
    ApplicationsApi applications;

    @Inject
    @RestClient
    UserTokensApi tokens;

    @Inject
    Operator operator;

    /** {@code by}: authy_id, phone_last or email. */
    @GET
    public Response search(@RestQuery("app_id") Long appId, @RestQuery String by, @RestQuery String value,
            @RestQuery String done) {
        List<ApplicationsApi.Application> all = applications.list().stream()
                .sorted(Comparator.comparing(ApplicationsApi.Application::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        String field = by == null || by.isBlank() ? "authy_id" : by;
        Search search = new Search(appId, field, value == null ? "" : value.trim());
        if (appId == null || search.value().isEmpty()) {
            return page(200, Templates.search(all, search, null, null, done));
        }
        if (field.equals("authy_id") && !search.value().matches("\\d{1,18}")) {
            return page(400, Templates.search(all, search, null, new ApiProblem(400, "An authy_id is a number.",
                    Map.of("value", "an authy_id is a number")), done));
        }
        try {
            return page(200, Templates.search(all, search, find(appId, field, search.value()), null, done));
        } catch (WebApplicationException e) {
            ApiProblem problem = ApiProblem.of(e);
            if (problem.status() != 400) {
                throw e;
            }
            return page(400, Templates.search(all, search, null, problem, done));
        }
    }

    /** One user: what user-service knows (status) and token-service knows (devices, lockout). */
    @GET
    @Path("/{authyId}")
    public TemplateInstance user(@PathParam("authyId") long authyId, @RestQuery("app_id") long appId,
            @RestQuery String done) {
        UsersApi.User user = one(appId, authyId);
        return Templates.user(applications.get(appId), user, tokens.get(authyId, appId), done);
    }

    @POST
    @Path("/{authyId}/lockout/reset")
    public Response resetLockout(@PathParam("authyId") long authyId, @RestQuery("app_id") long appId) {
        mustOperate();
        tokens.resetLockout(authyId, appId);
        return backToUser(authyId, appId, "unlocked");
    }

    @POST
    @Path("/{authyId}/devices/{deviceId}/remove")
    public Response removeDevice(@PathParam("authyId") long authyId, @PathParam("deviceId") long deviceId,
            @RestQuery("app_id") long appId) {
        mustOperate();
        tokens.removeDevice(authyId, deviceId, appId);
        return backToUser(authyId, appId, "device-removed");
    }

    @GET
    @Path("/{authyId}/remove")
    public TemplateInstance confirmRemoval(@PathParam("authyId") long authyId, @RestQuery("app_id") long appId) {
        mustOperate();
        return Templates.remove(applications.get(appId), one(appId, authyId));
    }

    @POST
    @Path("/{authyId}/remove")
    public Response remove(@PathParam("authyId") long authyId, @RestQuery("app_id") long appId) {
        mustOperate();
        users.remove(appId, authyId);
        return seeOther("/users?app_id=" + appId + "&done=removed");
    }

    private UsersApi.User one(long appId, long authyId) {
        return users.search(appId, authyId, null, null).users().stream().findFirst()
                .orElseThrow(() -> new NotFoundException("no user " + authyId));
    }

    private static Response backToUser(long authyId, long appId, String done) {
        return seeOther("/users/" + authyId + "?app_id=" + appId + "&done=" + done);
    }

    private UsersApi.Found find(long appId, String by, String value) {
        return switch (by) {
            case "phone_last" -> users.search(appId, null, value, null);
            case "email" -> users.search(appId, null, null, value);
            default -> users.search(appId, Long.parseLong(value), null, null);
        };
    }

    private void mustOperate() {
        if (!operator.canOperate()) {
            throw new ForbiddenException("Removing users needs the operator role.");
        }
    }

}
