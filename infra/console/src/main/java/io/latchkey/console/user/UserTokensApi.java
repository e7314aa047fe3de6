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

/** token-service's admin API for a user's devices and lockout (token-service/README.md), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/users/{authyId}")
public interface UserTokensApi {

    record Device(long id, @JsonProperty("os_type") String osType,
            @JsonProperty("registration_method") String registrationMethod,
            @JsonProperty("registered_at") Instant registeredAt) {
    }

    record Lockout(boolean locked, @JsonProperty("locked_until") Instant lockedUntil,
            @JsonProperty("failed_in_window") int failedInWindow, @JsonProperty("max_failures") int maxFailures) {
    }

    record TokenUser(@JsonProperty("authy_id") long authyId, List<Device> devices, Lockout lockout) {
    }

    @GET
    TokenUser get(@PathParam("authyId") long authyId, @QueryParam("app_id") long applicationId);

    @DELETE
    @Path("/lockout")
    void resetLockout(@PathParam("authyId") long authyId, @QueryParam("app_id") long applicationId);

    @DELETE
    @Path("/devices/{deviceId}")
    void removeDevice(@PathParam("authyId") long authyId, @PathParam("deviceId") long deviceId,
            @QueryParam("app_id") long applicationId);
}
