package io.latchkey.token.device;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.authy.params.AuthyParams;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.ProjectedUsers;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.channel.Channel;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * The application's view of a user's devices (API key, Authy conventions): start a device
 * registration, list and remove. Seeds never appear. Starting a registration needs the API key
 * because it sends a chargeable SMS or call and reveals that the user exists: only the user's own
 * application may do it (the device then completes with the code, see {@link DeviceResource}).
 */
@Path("/protected/{format}/users/{id}/devices")
public class UserDevicesResource {

    @Inject
    ProjectedUsers users;

    @Inject
    AuthenticatedApplication application;

    @Inject
    DeviceService devices;

    @Inject
    AuthyParams params;

    public record StartResponse(@JsonProperty("registration_id") String registrationId, String cellphone,
            @JsonProperty("seconds_to_expire") long secondsToExpire, String message, boolean success) {
    }

    public record DevicesResponse(List<Map<String, Object>> devices, String message, boolean success) {
    }

    public record RemovedResponse(String message, boolean success) {
    }

    @POST
    @Path("/registrations")
    public StartResponse startRegistration(@PathParam("id") String id) {
        Channel via = Channel.fromVia(params.string("via").filter(value -> !value.isBlank()).orElse(Channel.SMS.via));
        ApplicationProjection app = application.get();
        UserProjection user = users.requireCurrent(app.applicationId, id);
        String locale = params.string("locale").filter(value -> !value.isBlank()).orElse(app.defaultLocale);
        DeviceService.Started started = devices.start(user, app, via, locale);
        return new StartResponse(started.registration().id.toString(), PhoneMasks.forCellphone(user.countryCode, user.phoneE164),
                started.expiresIn().toSeconds() - 1,
                via == Channel.SMS ? "Registration code sent by SMS." : "Registration call started.", true);
    }

    @GET
    public DevicesResponse list(@PathParam("id") String id) {
        UserProjection user = users.requireCurrent(application.id(), id);
        List<Map<String, Object>> listed = Device.registeredOf(user.authyId).stream().map(UserDevicesResource::view).toList();
        return new DevicesResponse(listed, "User devices.", true);
    }

    @POST
    @Path("/{device}/remove")
    public RemovedResponse remove(@PathParam("id") String id, @PathParam("device") String deviceId) {
        UserProjection user = users.requireCurrent(application.id(), id);
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
