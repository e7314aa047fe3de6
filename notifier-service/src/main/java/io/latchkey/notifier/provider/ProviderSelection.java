package io.latchkey.notifier.provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Picks the provider named by {@code latchkey.notifier.provider}. */
@ApplicationScoped
public class ProviderSelection {

    @ConfigProperty(name = "latchkey.notifier.provider")
    String provider;

    @Inject
    LocalOutboxProvider local;

    @Produces
    @ApplicationScoped
    MessageProvider selected() {
        if ("local".equals(provider)) {
            return local;
        }
        throw new IllegalStateException("latchkey.notifier.provider=" + provider
                + " is not available; this build supports: local");
    }
}
