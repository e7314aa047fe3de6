package io.latchkey.push.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.push.approval.ApprovalRequest;
import io.latchkey.push.delivery.OutboundDelivery;
import io.latchkey.push.device.DeviceProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Writes the OneTouch callback of a decided request (docs/authy-api.md §3) in the decision's transaction, to
 * the application's callback URL with its method; {@link io.latchkey.push.delivery.DeliverySender} delivers it after commit. An
 * application without a callback URL learns the result by polling {@code approval_requests/{uuid}}.
 */
@ApplicationScoped
public class Callbacks {

    @Inject
    ObjectMapper json;

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(ApprovalRequest approval, DeviceProjection device, ApplicationProjection application) {
        if (application.onetouchCallbackUrl == null || application.onetouchCallbackUrl.isBlank()) {
            return;
        }
        OutboundDelivery delivery = OutboundDelivery.due(OutboundDelivery.CALLBACK, approval.applicationId,
                application.onetouchCallbackUrl, "GET".equalsIgnoreCase(application.onetouchCallbackMethod) ? "GET" : "POST",
                body(approval, device).toString());
        delivery.approvalUuid = approval.uuid;
        delivery.persist();
    }

    /** The parameters of §3: the shape authy-java's fixtures show, {@code device_uuid} as a string. */
    private ObjectNode body(ApprovalRequest approval, DeviceProjection device) {
        String status = approval.status.name().toLowerCase(java.util.Locale.ROOT);
        ObjectNode transaction = json.createObjectNode();
        transaction.set("details", read(approval.details));
        transaction.set("device_details", json.createObjectNode());
        transaction.put("device_geolocation", "");
        transaction.put("device_signing_time", approval.deviceSignedAt.getEpochSecond());
        transaction.put("encrypted", false);
        transaction.put("flagged", false);
        transaction.set("hidden_details", read(approval.hiddenDetails));
        transaction.put("message", approval.message);
        transaction.put("reason", approval.declineReason == null ? "" : approval.declineReason);
        transaction.putNull("requester_details");
        transaction.put("status", status);
        transaction.put("uuid", approval.uuid.toString());
        transaction.put("created_at_time", approval.createdAt.getEpochSecond());
        transaction.put("customer_uuid", approval.applicationId);
        ObjectNode request = json.createObjectNode();
        request.set("transaction", transaction);
        if (approval.expiresAt == null) {
            request.putNull("expiration_timestamp");
        } else {
            request.put("expiration_timestamp", approval.expiresAt.getEpochSecond());
        }
        request.set("logos", approval.logos == null ? json.nullNode() : read(approval.logos));
        request.put("app_id", String.valueOf(approval.applicationId));
        ObjectNode deviceNode = json.createObjectNode();
        deviceNode.putNull("city");
        deviceNode.putNull("country");
        deviceNode.putNull("ip");
        deviceNode.putNull("region");
        deviceNode.put("os_type", device.osType);
        deviceNode.put("id", device.deviceId);
        ObjectNode body = json.createObjectNode();
        body.put("authy_id", approval.authyId);
        body.put("device_uuid", String.valueOf(device.deviceId));
        body.put("callback_action", "approval_request_status");
        body.put("uuid", approval.uuid.toString());
        body.put("status", status);
        body.set("approval_request", request);
        body.put("signature", approval.decisionSignature);
        body.set("device", deviceNode);
        return body;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored request fields are not JSON", e);
        }
    }
}
