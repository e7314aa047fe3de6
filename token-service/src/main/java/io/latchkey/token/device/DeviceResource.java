package io.latchkey.token.device;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.projection.applications.ApplicationProjection;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The device side of registration (what the Authy app does): no API key, because the person holding
 * the phone proves it with the code sent to it. The application starts the registration with its API
 * key ({@link UserDevicesResource}); wrong codes are limited per registration.
 * Bodies are JSON; answers and errors use the Authy shapes so one client library can speak to both.
 */
@Path("/devices/registrations")
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    static final int MAX_OS_TYPE_LENGTH = 32;

    @Inject
    DeviceService devices;

    public record CompleteRequest(String code, @JsonProperty("public_key") String publicKey,
            @JsonProperty("key_algorithm") String keyAlgorithm, @JsonProperty("os_type") String osType) {
    }

    /** The only answer that ever carries a seed: to the device it belongs to (issue: "the only time the seed leaves"). */
    public record CompleteResponse(Map<String, Object> device, @JsonProperty("secret_seed") String secretSeed,
            Map<String, Object> token, String message, boolean success) {
    }

    @POST
    @Path("/{registration}/complete")
    public CompleteResponse complete(@PathParam("registration") String registration, CompleteRequest request) {
        UUID registrationId;
        try {
            registrationId = UUID.fromString(registration);
        } catch (IllegalArgumentException e) {
            throw AuthyException.of(404, DeviceService.REGISTRATION_NOT_FOUND, "Registration request not found");
        }
        if (request == null) {
            throw AuthyException.invalidParameter("code", "Parameter is required");
        }
        String code = required("code", request.code());
        String publicKey = required("public_key", request.publicKey());
        String algorithm = required("key_algorithm", request.keyAlgorithm());
        String osType = required("os_type", request.osType());
        if (!osType.matches("[a-z0-9_]{1," + MAX_OS_TYPE_LENGTH + "}")) {
            throw AuthyException.invalidParameter("os_type", "must be lower-case letters, digits or _ (e.g. android, ios)");
        }
        if (!code.matches("\\d{4,10}")) {
            throw AuthyException.of(401, DeviceService.REGISTRATION_INVALID_PIN, "Registration PIN is invalid");
        }
        DeviceRegistration started = DeviceRegistration.findById(registrationId);
        int tokenLength = started == null ? 7
                : ApplicationProjection.<ApplicationProjection> findByIdOptional(started.applicationId)
                        .map(app -> app.tokenLength).orElse(7);
        DeviceService.Registered registered = devices.complete(registrationId, code, publicKey, algorithm, osType, tokenLength);
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("id", registered.device().id);
        device.put("os_type", registered.device().osType);
        device.put("registration_date", registered.device().registeredAt.getEpochSecond());
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("algorithm", registered.algorithm());
        token.put("digits", registered.digits());
        token.put("period", registered.periodSeconds());
        return new CompleteResponse(device, registered.seedBase32(), token, "Device registered.", true);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw AuthyException.invalidParameter(name, "Parameter is required");
        }
        return value.strip();
    }
}
