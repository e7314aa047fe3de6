package io.latchkey.notifier.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.roles.OperatorRoles;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** Operators look up what happened to a message; numbers stay masked here too. */
@Path("/admin/deliveries")
@RolesAllowed(OperatorRoles.VIEWER)
public class DeliveryAdminResource {

    static final int MAX_LIMIT = 200;

    public record DeliveryView(
            UUID id,
            @JsonProperty("application_id") long applicationId,
            @JsonProperty("authy_id") Long authyId,
            String channel,
            String destination,
            String kind,
            String locale,
            String status,
            String provider,
            @JsonProperty("provider_message_id") String providerMessageId,
            @JsonProperty("error_code") String errorCode,
            int attempts,
            @JsonProperty("next_attempt_at") Instant nextAttemptAt,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("updated_at") Instant updatedAt,
            /** Set while an attempt is with the provider; one left from before a crash is failed, never resent. */
            @JsonProperty("attempt_started_at") Instant attemptStartedAt) {

        static DeliveryView of(Delivery delivery) {
            return new DeliveryView(delivery.id, delivery.applicationId, delivery.authyId,
                    delivery.channel.name().toLowerCase(), PhoneMasks.forLog(delivery.destination),
                    delivery.kind.name().toLowerCase(), delivery.locale, delivery.status.name().toLowerCase(),
                    delivery.provider, delivery.providerMessageId, delivery.errorCode, delivery.attempts,
                    delivery.nextAttemptAt, delivery.createdAt, delivery.updatedAt, delivery.attemptStartedAt);
        }
    }

    public record DeliverySearch(List<DeliveryView> deliveries) {
    }

    @GET
    @Path("/{id}")
    public DeliveryView get(@PathParam("id") String id) {
        Delivery delivery = parse(id).map(uuid -> Delivery.<Delivery> findById(uuid))
                .orElseThrow(() -> AuthyException.notFound("delivery " + id));
        return DeliveryView.of(delivery);
    }

    /**
     * The newest deliveries to one number. {@code destination} is E.164; a '+' sent unencoded in a
     * query string arrives as a space, so a leading space or no sign at all is read as '+'.
     */
    @GET
    public DeliverySearch search(@QueryParam("destination") String destination, @QueryParam("limit") Integer limit) {
        if (destination == null || destination.isBlank()) {
            throw AuthyException.invalidParameter("destination", "is required");
        }
        String digits = destination.strip().replaceFirst("^\\+", "").replaceAll("[\\s.\\-()]", "");
        if (!digits.matches("\\d{6,15}")) {
            throw AuthyException.invalidParameter("destination", "must be an E.164 number");
        }
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw AuthyException.invalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<Delivery> found = Delivery.<Delivery> find("destination", Sort.descending("createdAt"), "+" + digits)
                .page(Page.ofSize(size))
                .list();
        return new DeliverySearch(found.stream().map(DeliveryView::of).toList());
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
