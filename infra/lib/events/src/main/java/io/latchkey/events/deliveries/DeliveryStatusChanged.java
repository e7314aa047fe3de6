package io.latchkey.events.deliveries;

import java.util.UUID;

/** What became of a delivery, published by notifier-service on {@code deliveries.status}. */
public record DeliveryStatusChanged(
        UUID deliveryId,
        long applicationId,
        Long authyId,
        Status status,
        String provider,
        String providerMessageId,
        String errorCode) {

    public static final String TYPE = "delivery.status";
    public static final int SCHEMA_VERSION = 1;

    public enum Status {
        QUEUED, SENT, DELIVERED, FAILED, UNDELIVERED, REJECTED
    }
}
