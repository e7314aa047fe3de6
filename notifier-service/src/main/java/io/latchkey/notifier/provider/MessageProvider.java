package io.latchkey.notifier.provider;

/** Where messages go: Twilio in production, a local file on a developer's machine. */
public interface MessageProvider {

    /**
     * Hands one message to the provider.
     *
     * @return the provider's id for the message (Twilio's SID), the key of its status callbacks
     * @throws ProviderException when the provider refused or could not be reached; it says whether trying again may help
     */
    String send(OutgoingMessage message);

    String name();
}
