package io.latchkey.token.device;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.projection.users.UserProjection;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The application's view of a user's devices (API key, Authy conventions): list and remove. Seeds never appear. */
@Path("/protected/{format}/users/{id}/devices")
public class UserDevicesResource {

    @Inject
    AuthenticatedApplication application;

    @Inject
    DeviceService devices;

    public record DevicesResponse(List<Map<String, Object>> devices, String message, boolean success) {
    }

    public record RemovedResponse(String message, boolean success) {
    }

    @GET
    public DevicesResponse list(@PathParam("id") String id) {
        UserProjection user = UserProjection.require(application.id(), id);
        List<Map<String, Object>> listed = Device.registeredOf(user.authyId).stream().map(UserDevicesResource::view).toList();
        return new DevicesResponse(listed, "User devices.", true);
    }

    @POST
    @Path("/{device}/remove")
    public RemovedResponse remove(@PathParam("id") String id, @PathParam("device") String deviceId) {
        UserProjection user = UserProjection.require(application.id(), id);
        devices.remove(user, deviceId);
        return new RemovedResponse("Device removed.", true);
    }

    private static Map<String, Object> view(Device device) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", device.id);
        view.put("os_type", device.osType);
        view.put("key_algorithm", device.keyAlgorithm);
        view.put("registration_method", device.registrationMethod);
        view.put("registration_date", device.registeredAt.getEpochSecond());
        return view;
    }
}
