package io.latchkey.notifier.twilio;

import java.util.Optional;

import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;

/**
 * Twilio's message and call statuses in the delivery log's terms. Statuses that say nothing new
 * (queued, accepted, ringing, in-progress …) map to empty and change nothing. Pure Java.
 */
final class TwilioStatuses {

    private TwilioStatuses() {
    }

    static Optional<Status> ofMessage(String status) {
        return Optional.ofNullable(switch (status == null ? "" : status) {
            case "sent" -> Status.SENT;
            case "delivered", "read" -> Status.DELIVERED;
            case "undelivered" -> Status.UNDELIVERED;
            case "failed", "canceled" -> Status.FAILED;
            default -> null;
        });
    }

    /** A call "completed" when it was answered and the TwiML played: the code was heard. */
    static Optional<Status> ofCall(String status) {
        return Optional.ofNullable(switch (status == null ? "" : status) {
            case "completed" -> Status.DELIVERED;
            case "busy", "no-answer" -> Status.UNDELIVERED;
            case "failed", "canceled" -> Status.FAILED;
            default -> null;
        });
    }
}
