package io.latchkey.events.deliveries;

import java.util.UUID;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/**
 * A message to send, published on {@code deliveries.requested} (keyed by authy_id, or by the
 * destination number when there is no user) and rendered by notifier-service. The one-time code
 * travels here because the notifier renders the text; it travels sealed with the platform's cipher
 * ({@code latchkey-crypto} {@code SecretCipher}, context {@link #codeSealingContext}), so that outbox
 * rows, Kafka and dead letters never hold it in clear. Only the notifier opens it, for the send.
 *
 * @param code       schema 1 only: the code in clear. Never written since schema 2; the notifier still
 *                   reads it from events published before an upgrade, and holds an opened code here in memory.
 * @param sealedCode schema 2: the code, sealed
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
        String actionMessage,
        String sealedCode) implements EventPayload {

    public static final String TYPE = "delivery.requested";
    /** 2: {@code sealedCode} replaces {@code code}. */
    public static final int SCHEMA_VERSION = 2;

    /** What a code is sealed against: it opens for this delivery only. */
    public static String codeSealingContext(UUID deliveryId) {
        return "delivery-code:" + deliveryId;
    }

    /** This request with its code opened, for the notifier's memory only. */
    public DeliveryRequested withOpenedCode(String openedCode) {
        return new DeliveryRequested(deliveryId, applicationId, authyId, channel, destination, locale, kind, openedCode,
                actionMessage, null);
    }

    /** This request without its code, sealed or not (a dead letter is read by people, and the code expires anyway). */
    public DeliveryRequested withoutCode() {
        return new DeliveryRequested(deliveryId, applicationId, authyId, channel, destination, locale, kind, null,
                actionMessage, null);
    }

    public enum Channel {
        SMS, VOICE
    }

    public enum Kind {
        OTP, PHONE_VERIFICATION, INSTALL_LINK, DEVICE_REGISTRATION
    }

    @Override
    public String topic() {
        return Topics.DELIVERIES_REQUESTED;
    }

    @Override
    public String key() {
        return authyId != null ? String.valueOf(authyId) : destination;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
