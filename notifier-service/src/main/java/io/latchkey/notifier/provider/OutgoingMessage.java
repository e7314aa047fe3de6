package io.latchkey.notifier.provider;

import java.util.UUID;

import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.notifier.template.VoiceScript;

/**
 * A rendered message, ready for a provider. {@code text} is the SMS body, or for a call the words
 * spoken (what the local outbox shows); {@code voice} is the structured script a call is built from.
 */
public record OutgoingMessage(UUID deliveryId, Channel channel, String to, String text, String locale, VoiceScript voice) {
}
