package io.latchkey.push.callback;

import java.util.List;
import java.util.UUID;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.push.delivery.DeliveryView;
import io.latchkey.push.delivery.OutboundDelivery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Operators' view of OneTouch callbacks (OIDC, role latchkey-admin): each delivery of an approval request with
 * every attempt, and redelivery of one (for a FAILED delivery: one more try, then FAILED again if it fails).
 */
@Path("/admin/onetouch/callbacks")
@RolesAllowed("latchkey-admin")
public class CallbackAdminResource {

    @GET
    @Transactional
    public List<DeliveryView> list(@QueryParam("approval_request") String approvalRequest) {
        return OutboundDelivery.ofApproval(uuid(approvalRequest, "approval_request")).stream().map(DeliveryView::of).toList();
    }

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

    private static UUID uuid(String value, String parameter) {
        try {
            return UUID.fromString(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw AuthyException.invalidParameter(parameter, "must be a UUID");
        }
    }
}
