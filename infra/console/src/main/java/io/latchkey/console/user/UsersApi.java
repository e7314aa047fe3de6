package io.latchkey.console.user;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** user-service's admin API for an application's users (user-service/README.md), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/applications/{id}/users")
public interface UsersApi {

    record User(@JsonProperty("authy_id") long authyId, String email, String phone,
            @JsonProperty("country_code") int countryCode, boolean registered,
            @JsonProperty("account_disabled") boolean accountDisabled, @JsonProperty("created_at") Instant createdAt,
            List<String> devices, @JsonProperty("registered_at") Instant registeredAt,
            @JsonProperty("registered_via") String registeredVia) {
    }

    record Found(List<User> users, boolean more) {
    }

    /** One of the three is given; the others are null. */
    @GET
    Found search(@PathParam("id") long applicationId, @QueryParam("authy_id") Long authyId,
            @QueryParam("phone_last") String phoneLast, @QueryParam("email") String email);

    @DELETE
    @Path("/{authyId}")
    void remove(@PathParam("id") long applicationId, @PathParam("authyId") long authyId);
}
