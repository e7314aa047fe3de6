package io.latchkey.notifier.provider;

import java.util.UUID;

import io.latchkey.events.deliveries.DeliveryRequested.Channel;

/** A rendered message, ready for a provider. */
public record OutgoingMessage(UUID deliveryId, Channel channel, String to, String text, String locale) {
}
