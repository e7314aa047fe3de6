package io.latchkey.push.callback;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.latchkey.authy.admin.Audited;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.push.delivery.DeliveryView;
import io.latchkey.push.delivery.OutboundDelivery;
import io.latchkey.roles.OperatorRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Operators' view of OneTouch callbacks (OIDC: viewers read, operators redeliver): the deliveries of an approval
 * request, or the latest ones by state and application (the FAILED ones are the callbacks' dead letters), each with
 * every attempt; and redelivery of one (for a FAILED delivery: one more try, then FAILED again if it fails).
 */
@Audited
@Path("/admin/onetouch/callbacks")
@RolesAllowed(OperatorRoles.VIEWER)
public class CallbackAdminResource {

    @GET
    @Transactional
    public List<DeliveryView> list(@QueryParam("approval_request") String approvalRequest,
            @QueryParam("state") String state, @QueryParam("app_id") Long applicationId,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        List<OutboundDelivery> deliveries = approvalRequest != null
                ? OutboundDelivery.ofApproval(uuid(approvalRequest, "approval_request"))
                : OutboundDelivery.latest(OutboundDelivery.CALLBACK, state(state), applicationId, Math.max(1, Math.min(limit, 500)));
        return deliveries.stream().map(DeliveryView::of).toList();
    }

    @RolesAllowed(OperatorRoles.OPERATOR)
    @POST
    @Path("/{id}/redeliver")
    @Transactional
    public DeliveryView redeliver(@PathParam("id") String id) {
        OutboundDelivery delivery = OutboundDelivery.<OutboundDelivery> findByIdOptional(uuid(id, "id"))
                .filter(found -> OutboundDelivery.CALLBACK.equals(found.kind))
                .orElseThrow(() -> AuthyException.notFound("callback delivery"));
        delivery.redeliver();
        return DeliveryView.of(delivery);
    }

    private static String state(String value) {
        if (value == null) {
            return null;
        }
        String state = value.toUpperCase(Locale.ROOT);
        if (!List.of(OutboundDelivery.PENDING, OutboundDelivery.DELIVERED, OutboundDelivery.FAILED).contains(state)) {
            throw AuthyException.invalidParameter("state", "must be pending, delivered or failed");
        }
        return state;
    }

    private static UUID uuid(String value, String parameter) {
        try {
            return UUID.fromString(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw AuthyException.invalidParameter(parameter, "must be a UUID");
        }
    }
}
