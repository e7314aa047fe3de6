package io.latchkey.token.device;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.latchkey.authy.device.DeviceRequestSignature;
import io.latchkey.projection.users.UserProjection;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/**
 * What a registered device may do for its user, signed with its own key ({@link DeviceRequestSignature}):
 * list the user's devices, and remove one of them (itself, or a lost phone from another device).
 */
@Path("/devices")
public class DeviceSelfResource {

    @Inject
    DeviceService devices;

    public record DevicesResponse(List<Map<String, Object>> devices, String message, boolean success) {
    }

    public record RemovedResponse(String message, boolean success) {
    }

    @GET
    @Path("/mine")
    public DevicesResponse mine(@HeaderParam(DeviceRequestSignature.DEVICE_ID_HEADER) String deviceId,
            @HeaderParam(DeviceRequestSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(DeviceRequestSignature.SIGNATURE_HEADER) String signature, @Context UriInfo uri) {
        Device caller = devices.authenticate(deviceId, timestamp, signature, "GET", uri.getPath());
        List<Map<String, Object>> listed = Device.registeredOf(caller.authyId).stream()
                .map(device -> view(device, caller))
                .toList();
        return new DevicesResponse(listed, "User devices.", true);
    }

    @POST
    @Path("/{device}/remove")
    public RemovedResponse remove(@PathParam("device") String target,
            @HeaderParam(DeviceRequestSignature.DEVICE_ID_HEADER) String deviceId,
            @HeaderParam(DeviceRequestSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(DeviceRequestSignature.SIGNATURE_HEADER) String signature, @Context UriInfo uri) {
        Device caller = devices.authenticate(deviceId, timestamp, signature, "POST", uri.getPath());
        UserProjection user = UserProjection.<UserProjection> findByIdOptional(caller.authyId)
                .orElseThrow(io.latchkey.authy.error.AuthyException::userNotFound);
        devices.remove(user, target);
        return new RemovedResponse("Device removed.", true);
    }

    private static Map<String, Object> view(Device device, Device caller) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", device.id);
        view.put("os_type", device.osType);
        view.put("registration_date", device.registeredAt.getEpochSecond());
        view.put("this_device", device.id == caller.id);
        return view;
    }
}
