package io.latchkey.push.delivery;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What operators see of a delivery (admin APIs): where it went, its state and every attempt. Never the body or
 * the key: the state, the URL and the attempts say what happened.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(String id, String kind, @JsonProperty("approval_request") String approvalRequest,
        @JsonProperty("webhook_id") String webhookId, @JsonProperty("event_id") String eventId,
        @JsonProperty("app_id") long applicationId, String url, String method, String state, int attempts,
        @JsonProperty("created_at") Instant createdAt, @JsonProperty("next_attempt_at") Instant nextAttemptAt,
        @JsonProperty("delivered_at") Instant deliveredAt, @JsonProperty("last_error") String lastError,
        List<AttemptView> history) {

    public record AttemptView(int attempt, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("latency_ms") long latencyMs, @JsonProperty("http_status") Integer httpStatus, String error) {
    }

    public static DeliveryView of(OutboundDelivery delivery) {
        return new DeliveryView(delivery.id.toString(), delivery.kind,
                delivery.approvalUuid == null ? null : delivery.approvalUuid.toString(), delivery.webhookId,
                delivery.eventId == null ? null : delivery.eventId.toString(), delivery.applicationId, delivery.url,
                delivery.method, delivery.state, delivery.attempts, delivery.createdAt, delivery.nextAttemptAt,
                delivery.deliveredAt, delivery.lastError, DeliveryAttempt.ofDelivery(delivery.id).stream()
                        .map(attempt -> new AttemptView(attempt.attempt, attempt.startedAt, attempt.latencyMs,
                                attempt.httpStatus, attempt.error))
                        .toList());
    }
}
