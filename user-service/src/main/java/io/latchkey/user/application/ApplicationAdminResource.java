package io.latchkey.user.application;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.user.application.ApplicationService.CreatedApplication;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Platform administrators manage applications here, with an OIDC bearer token carrying the admin role. */
@Path("/admin/applications")
@RolesAllowed(ApplicationAdminResource.ADMIN_ROLE)
public class ApplicationAdminResource {

    public static final String ADMIN_ROLE = "latchkey-admin";

    @Inject
    ApplicationService applications;

    /** The API key is in this answer only; store it now. */
    public record Created(ApplicationView application, @JsonProperty("api_key") String apiKey) {
    }

    @POST
    public Response create(ApplicationSettings settings) {
        CreatedApplication created = applications.create(settings);
        return Response.status(Response.Status.CREATED)
                .entity(new Created(ApplicationView.of(created.application()), created.apiKey()))
                .build();
    }

    @GET
    public List<ApplicationView> list() {
        return applications.list().stream().map(ApplicationView::of).toList();
    }

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
