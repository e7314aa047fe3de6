package io.latchkey.authy.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.outbox.OutboxMessage;
import io.latchkey.events.outbox.OutboxRelay;
import io.latchkey.roles.OperatorRoles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Outbox rows Kafka refused for good (record too large, topic or ACL refused), parked so that the
 * rows after them go on: operators list them and, once the cause is fixed, send one again
 * (docs/events.md "Parked rows"). Every service serves it for its own outbox under its own name,
 * e.g. {@code /admin/outbox/token-service/parked}; the gateway routes by that name.
 */
@Audited
@Path("/admin/outbox/{service}/parked")
@RolesAllowed(OperatorRoles.VIEWER)
public class ParkedOutboxResource {

    private static final Logger LOG = Logger.getLogger(ParkedOutboxResource.class);

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    @Inject
    OutboxRelay relay;

    @Context
    SecurityContext security;

    /** A parked row without its payload (which can hold phone numbers). */
    public record ParkedRow(long id, @JsonProperty("event_id") UUID eventId, @JsonProperty("event_type") String eventType,
            String topic, String key, int attempts, @JsonProperty("last_error") String lastError,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("parked_at") Instant parkedAt) {

        static ParkedRow of(OutboxMessage row) {
            return new ParkedRow(row.id, row.eventId, row.eventType, row.topic, row.messageKey, row.attempts, row.lastError,
                    row.createdAt, row.parkedAt);
        }
    }

    public record ParkedRows(String service, List<ParkedRow> parked) {
    }

    @GET
    public ParkedRows list(@PathParam("service") String service) {
        thisService(service);
        return new ParkedRows(serviceName, QuarkusTransaction.requiringNew().call(() -> OutboxMessage
                .<OutboxMessage> list("parkedAt is not null and sentAt is null order by id").stream()
                .map(ParkedRow::of).toList()));
    }

    /** Makes the row due again, at once; it is sent in order with the other rows of its key. */
    @RolesAllowed(OperatorRoles.OPERATOR)
    @POST
    @Path("/{id}/replay")
    public ParkedRow replay(@PathParam("service") String service, @PathParam("id") long id) {
        thisService(service);
        // in the caller's transaction, which also records the change in the audit log (@Audited)
        ParkedRow row = QuarkusTransaction.joiningExisting().call(() -> {
            OutboxMessage parked = OutboxMessage.findById(id);
            if (parked == null || parked.parkedAt == null || parked.sentAt != null) {
                throw AuthyException.notFound("parked outbox row " + id);
            }
            ParkedRow before = ParkedRow.of(parked);
            parked.parkedAt = null;
            parked.nextAttemptAt = null;
            parked.claimedBy = null;
            parked.claimedUntil = null;
            return before;
        });
        LOG.infof("parked outbox row %d (%s to %s) released for sending by %s", id, row.eventType(), row.topic(),
                security.getUserPrincipal() == null ? "?" : security.getUserPrincipal().getName());
        relay.wakeUp();
        return row;
    }

    private void thisService(String service) {
        if (!serviceName.equals(service)) {
            throw AuthyException.notFound("service " + service + " (this is " + serviceName + ")");
        }
    }
}
