package io.latchkey.user.application;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.admin.Audited;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.user.application.ApplicationService.CreatedApplication;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Platform administrators manage applications here (OIDC bearer token, role latchkey-admin; viewers may read). */
@Audited
@Path("/admin/applications")
@RolesAllowed(OperatorRoles.ADMIN)
public class ApplicationAdminResource {

    static final int MAX_PAGE = 500;

    @Inject
    ApplicationService applications;

    /**
     * The keys are in this answer only; store them now. An API key kept from Authy is not repeated: {@code api_key}
     * is absent and {@code api_key_kept} says that the application's clients go on with the key they have.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Created(ApplicationView application, @JsonProperty("api_key") String apiKey,
            @JsonProperty("api_key_kept") String apiKeyKept,
            @JsonProperty("access_key") String accessKey, @JsonProperty("api_signing_key") String apiSigningKey) {
    }

    static final String KEPT_KEY_NOTE = "The application keeps the API key it had at Authy: its clients need only "
            + "the new base URL. The key is stored like every other (digest and sealed) and is not shown again.";

    public record RotatedApiKey(@JsonProperty("api_key") String apiKey) {
    }

    public record RotatedDashboardKeys(@JsonProperty("access_key") String accessKey,
            @JsonProperty("api_signing_key") String apiSigningKey) {
    }

    @POST
    public Response create(ApplicationSettings settings) {
        CreatedApplication created = applications.create(settings);
        boolean kept = settings != null && settings.apiKey() != null;
        return Response.status(Response.Status.CREATED)
                .entity(new Created(ApplicationView.of(created.application()), kept ? null : created.apiKey(),
                        kept ? KEPT_KEY_NOTE : null, created.dashboardKeys().accessKey(),
                        created.dashboardKeys().apiSigningKey()))
                .build();
    }

    /** A new API key; the old one stops authenticating. */
    @POST
    @Path("/{id}/api-key/rotate")
    public RotatedApiKey rotateApiKey(@PathParam("id") long id) {
        return new RotatedApiKey(applications.rotateApiKey(id));
    }

    @POST
    @Path("/{id}/dashboard-keys/rotate")
    public RotatedDashboardKeys rotateDashboardKeys(@PathParam("id") long id) {
        ApplicationService.DashboardKeys keys = applications.rotateDashboardKeys(id);
        return new RotatedDashboardKeys(keys.accessKey(), keys.apiSigningKey());
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") long id) {
        applications.delete(id);
        return Response.noContent().build();
    }

    /**
     * Every live application by id; with {@code limit} (1 to {@value #MAX_PAGE}) a page of them, those with an id
     * above {@code after} (the last id of the previous page).
     */
    @RolesAllowed(OperatorRoles.VIEWER)
    @GET
    public List<ApplicationView> list(@QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        if (limit == null) {
            return applications.list().stream().map(ApplicationView::of).toList();
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw AuthyException.invalidParameter("limit", "must be between 1 and " + MAX_PAGE);
        }
        return applications.page(after == null ? 0 : after, limit).stream().map(ApplicationView::of).toList();
    }

    @RolesAllowed(OperatorRoles.VIEWER)
    @GET
    @Path("/{id}")
    public ApplicationView get(@PathParam("id") long id) {
        return ApplicationView.of(applications.find(id));
    }

    @PUT
    @Path("/{id}")
    public ApplicationView update(@PathParam("id") long id, ApplicationSettings settings) {
        return ApplicationView.of(applications.update(id, settings));
    }
}
