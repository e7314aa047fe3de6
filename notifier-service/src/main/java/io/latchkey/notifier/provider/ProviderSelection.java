package io.latchkey.notifier.provider;

import org.jboss.logging.Logger;

import io.latchkey.notifier.config.NotifierConfig;
import io.latchkey.notifier.twilio.TwilioProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Picks the provider named by {@code latchkey.notifier.provider} and says at start-up where messages go. */
@ApplicationScoped
public class ProviderSelection {

    private static final Logger LOG = Logger.getLogger(ProviderSelection.class);

    @Inject
    NotifierConfig config;

    @Inject
    Instance<LocalOutboxProvider> local;

    @Inject
    Instance<TwilioProvider> twilio;

    @Produces
    @ApplicationScoped
    MessageProvider selected() {
        return switch (config.provider()) {
            case "local" -> local.get();
            case "twilio" -> twilio.get();
            default -> throw new IllegalStateException("latchkey.notifier.provider=" + config.provider()
                    + " is not a provider; use local or twilio");
        };
    }

    /** Fails the start rather than the first message when the provider cannot work. */
    void announce(@Observes StartupEvent event) {
        MessageProvider provider = selected();
        if (provider instanceof LocalOutboxProvider outbox) {
            LOG.infof("provider local: SMS and voice messages are appended to %s (LATCHKEY_OUTBOX_FILE)", outbox.file());
        } else if (provider instanceof TwilioProvider sms) {
            sms.checkConfiguration();
            LOG.infof("provider twilio: %s", sms.describe());
        }
    }
}
