package io.latchkey.console.onetouch;

import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.latchkey.console.outbound.OutboundDelivery;
import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** push-service's admin API for OneTouch callbacks (push-service/README.md), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/onetouch/callbacks")
public interface CallbacksApi {

    /** The callbacks of one approval request. */
    @GET
    List<OutboundDelivery> ofRequest(@QueryParam("approval_request") String approvalRequest);

    /** The latest callbacks in a state, of one application or all ({@code applicationId} null). */
    @GET
    List<OutboundDelivery> latest(@QueryParam("state") String state, @QueryParam("app_id") Long applicationId,
            @QueryParam("limit") int limit);

    @POST
    @Path("/{id}/redeliver")
    OutboundDelivery redeliver(@PathParam("id") String id);
}
