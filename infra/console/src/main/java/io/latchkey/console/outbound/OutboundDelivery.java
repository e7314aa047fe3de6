package io.latchkey.console.outbound;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A OneTouch callback or a webhook event as push-service's admin API shows it (push-service/README.md): where it
 * went, its state and every attempt; never its body or key.
 */
public record OutboundDelivery(String id, String kind, @JsonProperty("approval_request") String approvalRequest,
        @JsonProperty("webhook_id") String webhookId, @JsonProperty("event_id") String eventId,
        @JsonProperty("app_id") long applicationId, String url, String method, String state, int attempts,
        @JsonProperty("created_at") Instant createdAt, @JsonProperty("next_attempt_at") Instant nextAttemptAt,
        @JsonProperty("delivered_at") Instant deliveredAt, @JsonProperty("last_error") String lastError,
        List<Attempt> history) {

    public record Attempt(int attempt, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("latency_ms") long latencyMs, @JsonProperty("http_status") Integer httpStatus,
            String error) {
    }

    public List<Attempt> history() {
        return history == null ? List.of() : history;
    }
}
