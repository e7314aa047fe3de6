package io.latchkey.events.deliveries;

import java.util.UUID;

/**
 * A message to send, published on {@code deliveries.requested} (keyed by authy_id, or by the
 * destination number when there is no user) and rendered by notifier-service. The one-time code
 * travels here because the notifier renders the text; nothing else secret ever does.
 */
public record DeliveryRequested(
        UUID deliveryId,
        long applicationId,
        Long authyId,
        Channel channel,
        String destination,
        String locale,
        Kind kind,
        String code,
        String actionMessage) {

    public static final String TYPE = "delivery.requested";
    public static final int SCHEMA_VERSION = 1;

    public enum Channel {
        SMS, VOICE
    }

    public enum Kind {
        OTP, PHONE_VERIFICATION, INSTALL_LINK, DEVICE_REGISTRATION
    }
}
