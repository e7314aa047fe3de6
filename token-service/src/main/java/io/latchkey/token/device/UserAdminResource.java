package io.latchkey.token.device;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.admin.Audited;
import io.latchkey.projection.users.ProjectedUsers;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.token.config.OtpPolicy;
import io.latchkey.token.limits.UserCounters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * What token-service knows of a user, for operators (the console's Users page): their registered devices and their
 * verification lockout; removing one device and lifting a lockout. The user must belong to {@code app_id}.
 */
@Audited
@Path("/admin/users/{authyId}")
@RolesAllowed(OperatorRoles.VIEWER)
public class UserAdminResource {

    @Inject
    ProjectedUsers users;

    @Inject
    DeviceService devices;

    @Inject
    UserCounters counters;

    @Inject
    OtpPolicy policy;

    public record DeviceView(long id, @JsonProperty("os_type") String osType,
            @JsonProperty("registration_method") String registrationMethod,
            @JsonProperty("registered_at") Instant registeredAt) {
    }

    public record LockoutView(boolean locked, @JsonProperty("locked_until") Instant lockedUntil,
            @JsonProperty("failed_in_window") int failedInWindow, @JsonProperty("max_failures") int maxFailures) {
    }

    public record UserView(@JsonProperty("authy_id") long authyId, List<DeviceView> devices, LockoutView lockout) {
    }

    @GET
    @Transactional
    public UserView get(@PathParam("authyId") String authyId, @QueryParam("app_id") long applicationId) {
        UserProjection user = users.requireCurrent(applicationId, authyId);
        UserCounters.Lockout lockout = counters.lockout(user.authyId, policy.lockout().window());
        return new UserView(user.authyId, Device.registeredOf(user.authyId).stream()
                .map(device -> new DeviceView(device.id, device.osType, device.registrationMethod, device.registeredAt))
                .toList(), new LockoutView(lockout.lockedUntil() != null, lockout.lockedUntil(),
                        lockout.failedInWindow(), policy.lockout().maxFailures()));
    }

    /** Lifts the lockout and forgets the failures counted so far. */
    @DELETE
    @Path("/lockout")
    @RolesAllowed(OperatorRoles.OPERATOR)
    public Response resetLockout(@PathParam("authyId") String authyId, @QueryParam("app_id") long applicationId) {
        counters.reset(users.requireCurrent(applicationId, authyId).authyId);
        return Response.noContent().build();
    }

    /** As the Authy API's device removal: the device's codes and OneTouch stop at once (404/60092 for none). */
    @DELETE
    @Path("/devices/{deviceId}")
    @RolesAllowed(OperatorRoles.OPERATOR)
    public Response removeDevice(@PathParam("authyId") String authyId, @PathParam("deviceId") String deviceId,
            @QueryParam("app_id") long applicationId) {
        devices.remove(users.requireCurrent(applicationId, authyId), deviceId);
        return Response.noContent().build();
    }
}
