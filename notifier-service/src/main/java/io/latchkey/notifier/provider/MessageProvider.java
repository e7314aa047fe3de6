package io.latchkey.notifier.provider;

/** Where messages go: Twilio in production, a local file on a developer's machine. */
public interface MessageProvider {

    /** @return the provider's id for the message */
    String send(OutgoingMessage message);

    String name();
}
