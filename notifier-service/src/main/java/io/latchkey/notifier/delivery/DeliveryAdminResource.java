package io.latchkey.notifier.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.params.TimePage;
import io.latchkey.roles.OperatorRoles;
import io.quarkus.panache.common.Parameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** Operators look up what happened to a message; numbers stay masked here too. */
@Path("/admin/deliveries")
@RolesAllowed(OperatorRoles.VIEWER)
public class DeliveryAdminResource {

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
            @JsonProperty("attempt_started_at") Instant attemptStartedAt,
            /** Each attempt, the first first (none for a delivery refused before sending or logged before V5). */
            @JsonProperty("attempt_log") List<AttemptView> attemptLog) {

        static DeliveryView of(Delivery delivery, List<DeliveryAttempt> attempts) {
            return new DeliveryView(delivery.id, delivery.applicationId, delivery.authyId,
                    delivery.channel.name().toLowerCase(Locale.ROOT), PhoneMasks.forLog(delivery.destination),
                    delivery.kind.name().toLowerCase(Locale.ROOT), delivery.locale,
                    delivery.status.name().toLowerCase(Locale.ROOT), delivery.provider, delivery.providerMessageId,
                    delivery.errorCode, delivery.attempts, delivery.nextAttemptAt, delivery.createdAt, delivery.updatedAt,
                    delivery.attemptStartedAt, attempts.stream().map(AttemptView::of).toList());
        }
    }

    /** {@code outcome}: sending, sent, delivered, undelivered, failed or unknown (cut off by a crash, never resent). */
    public record AttemptView(int number, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("finished_at") Instant finishedAt, String outcome, @JsonProperty("error_code") String errorCode,
            @JsonProperty("provider_message_id") String providerMessageId) {

        static AttemptView of(DeliveryAttempt attempt) {
            return new AttemptView(attempt.number, attempt.startedAt, attempt.finishedAt,
                    attempt.outcome.name().toLowerCase(Locale.ROOT), attempt.errorCode, attempt.providerMessageId);
        }
    }

    /** {@code next_before}: the {@code before} of the next, older page; null on the last one. */
    public record DeliverySearch(List<DeliveryView> deliveries, @JsonProperty("next_before") Instant nextBefore) {
    }

    @GET
    @Path("/{id}")
    public DeliveryView get(@PathParam("id") String id) {
        Delivery delivery = parse(id).map(uuid -> Delivery.<Delivery> findById(uuid))
                .orElseThrow(() -> AuthyException.notFound("delivery " + id));
        return DeliveryView.of(delivery, DeliveryAttempt.ofDeliveries(List.of(delivery.id)).getOrDefault(delivery.id, List.of()));
    }

    /**
     * The newest deliveries of an application ({@code app_id}), to one number ({@code destination}), or both, a page at
     * a time, each with its attempts. {@code destination} is E.164; a '+' sent unencoded in a query string arrives as
     * a space, so a leading space or no sign at all is read as '+'.
     */
    @GET
    @Transactional
    public DeliverySearch search(@QueryParam("app_id") Long applicationId, @QueryParam("destination") String destination,
            @QueryParam("before") String before, @QueryParam("limit") Integer limit) {
        boolean byNumber = destination != null && !destination.isBlank();
        if (applicationId == null && !byNumber) {
            throw AuthyException.invalidParameter("destination", "or app_id is required");
        }
        TimePage window = TimePage.parse(before, limit);
        StringBuilder query = new StringBuilder("createdAt < :before");
        Parameters parameters = Parameters.with("before", window.before());
        if (applicationId != null) {
            query.append(" and applicationId = :application");
            parameters = parameters.and("application", applicationId);
        }
        if (byNumber) {
            query.append(" and destination = :destination");
            parameters = parameters.and("destination", e164(destination));
        }
        List<Delivery> found = Delivery.<Delivery> find(query + " order by createdAt desc, id", parameters)
                .page(0, window.fetchSize()).list();
        List<Delivery> page = window.rows(found);
        Map<UUID, List<DeliveryAttempt>> attempts = DeliveryAttempt.ofDeliveries(page.stream().map(d -> d.id).toList());
        return new DeliverySearch(page.stream().map(d -> DeliveryView.of(d, attempts.getOrDefault(d.id, List.of()))).toList(),
                window.nextBefore(found, d -> d.createdAt));
    }

    private static String e164(String destination) {
        String digits = destination.strip().replaceFirst("^\\+", "").replaceAll("[\\s.\\-()]", "");
        if (!digits.matches("\\d{6,15}")) {
            throw AuthyException.invalidParameter("destination", "must be an E.164 number");
        }
        return "+" + digits;
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
