package io.latchkey.notifier.delivery;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.error.AuthyException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Operators look up what happened to a message; numbers stay masked here too. */
@Path("/admin/deliveries")
@RolesAllowed("latchkey-admin")
public class DeliveryAdminResource {

    public record DeliveryView(
            UUID id,
            @JsonProperty("application_id") long applicationId,
            @JsonProperty("authy_id") Long authyId,
            String channel,
            String destination,
            String kind,
            String status,
            String provider,
            @JsonProperty("created_at") Instant createdAt) {
    }

    @GET
    @Path("/{id}")
    public DeliveryView get(@PathParam("id") String id) {
        Delivery delivery = parse(id).map(uuid -> Delivery.<Delivery> findById(uuid))
                .orElseThrow(() -> AuthyException.notFound("delivery " + id));
        return new DeliveryView(delivery.id, delivery.applicationId, delivery.authyId,
                delivery.channel.name().toLowerCase(), PhoneMasks.forLog(delivery.destination),
                delivery.kind.name().toLowerCase(), delivery.status.name().toLowerCase(), delivery.provider,
                delivery.createdAt);
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
