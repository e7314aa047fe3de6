package io.latchkey.notifier.delivery;

import io.latchkey.events.deliveries.DeliveryRequested;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The text of each kind of message. English only for now: per-locale templates that translators
 * edit are the notifier issue's next step.
 */
@ApplicationScoped
public class MessageTexts {

    public String render(DeliveryRequested request) {
        return switch (request.kind()) {
            case OTP -> request.actionMessage() != null && !request.actionMessage().isBlank()
                    ? request.actionMessage() + " Your code is " + request.code()
                    : "Your verification code is " + request.code();
            case PHONE_VERIFICATION -> "Your phone verification code is " + request.code();
            case DEVICE_REGISTRATION -> "Your device registration code is " + request.code();
            case INSTALL_LINK -> "Finish setting up two-factor authentication: " + request.actionMessage();
        };
    }
}
