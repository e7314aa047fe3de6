package io.latchkey.token.channel;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.deliveries.DeliveryRequested;

/**
 * How a code reaches a phone: by SMS or by a voice call. The same two ways serve {@code sms}/{@code call}
 * (docs/authy-api.md rows 9-10), phone verification (rows 16-17) and device registration.
 */
public enum Channel {
    SMS("sms", "sms", DeliveryRequested.Channel.SMS),
    VOICE("call", "voice", DeliveryRequested.Channel.VOICE);

    /** The word requests use: {@code via=sms|call}, and the last path segment of {@code sms}/{@code call}. */
    public final String via;
    /** The word stored with a code and shown in metrics and device registrations: {@code sms} or {@code voice}. */
    public final String stored;
    /** The channel the notifier is asked to send on. */
    public final DeliveryRequested.Channel delivery;

    Channel(String via, String stored, DeliveryRequested.Channel delivery) {
        this.via = via;
        this.stored = stored;
        this.delivery = delivery;
    }

    /** {@code via=sms} or {@code via=call}; anything else is 400/60000 on {@code via}. */
    public static Channel fromVia(String via) {
        for (Channel channel : values()) {
            if (channel.via.equals(via)) {
                return channel;
            }
        }
        throw AuthyException.invalidParameter("via", "must be sms or call");
    }

    /** The channel of a stored value ({@link #stored} or, for older rows, {@link #via}). */
    public static Channel ofStored(String stored) {
        return VOICE.stored.equals(stored) || VOICE.via.equals(stored) ? VOICE : SMS;
    }
}
