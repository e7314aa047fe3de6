package io.latchkey.push.delivery;

import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * What differs between the kinds of {@link OutboundDelivery}: the secret that signs one, the request that
 * carries it, and what an attempt's outcome means beyond the delivery itself. {@link DeliverySender} does
 * the rest (claiming, timeouts, retries, the Standard Webhooks headers, recording attempts) once for all.
 */
public interface DeliveryKind {

    /** {@link OutboundDelivery#kind} of the deliveries this handles. */
    String kind();

    /**
     * The key that signs the delivery, opened in memory only, or why there is none (the delivery then fails
     * for good). Called in the claiming transaction.
     */
    Signer signer(OutboundDelivery delivery);

    /** The request for one attempt at {@code timestamp} (Unix seconds), and the payload the Standard Webhooks signature covers. */
    Outgoing request(DeliverySender.Claimed delivery, String timestamp);

    /** Called in the transaction that records an attempt; {@code delivered} when the endpoint answered 2xx. */
    default void attempted(OutboundDelivery delivery, Integer httpStatus, boolean delivered) {
    }

    record Signer(String key, String refusal) {
        public static Signer of(Optional<String> key, String refusal) {
            return key.map(value -> new Signer(value, null)).orElseGet(() -> new Signer(null, refusal));
        }
    }

    record Outgoing(HttpRequest.Builder request, String signedPayload) {
    }
}
