package io.latchkey.events.deliveries;

import java.util.UUID;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/** What became of a delivery, published by notifier-service on {@code deliveries.status}. */
public record DeliveryStatusChanged(
        UUID deliveryId,
        long applicationId,
        Long authyId,
        Status status,
        String provider,
        String providerMessageId,
        String errorCode) implements EventPayload {

    public static final String TYPE = "delivery.status";
    public static final int SCHEMA_VERSION = 1;

    public enum Status {
        QUEUED, SENT, DELIVERED, FAILED, UNDELIVERED, REJECTED
    }

    @Override
    public String topic() {
        return Topics.DELIVERIES_STATUS;
    }

    @Override
    public String key() {
        return authyId != null ? String.valueOf(authyId) : deliveryId.toString();
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
