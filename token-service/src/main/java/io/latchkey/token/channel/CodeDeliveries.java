package io.latchkey.token.channel;

import java.util.UUID;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Asks the notifier, through the outbox and in the caller's transaction, to send a code. The code travels
 * sealed for this one delivery (docs/event-catalogue.md "Sealed fields"): never in clear on a topic.
 */
@ApplicationScoped
public class CodeDeliveries {

    @Inject
    SecretCipher cipher;

    @Inject
    Outbox outbox;

    /**
     * @param authyId       the user, or null when there is none (phone verification)
     * @param actionMessage the custom action's text (docs/authy-api.md §6 "Custom actions"), or null
     */
    public void send(DeliveryRequested.Kind kind, Channel channel, long applicationId, Long authyId, String phoneE164,
            String locale, String actionMessage, String code) {
        UUID deliveryId = UUID.randomUUID();
        outbox.publish(new DeliveryRequested(deliveryId, applicationId, authyId, channel.delivery, phoneE164, locale, kind,
                null, actionMessage, cipher.seal(code, DeliveryRequested.codeSealingContext(deliveryId))));
    }
}
