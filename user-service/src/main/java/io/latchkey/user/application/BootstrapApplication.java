package io.latchkey.user.application;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

@ApplicationScoped
public class BootstrapApplication {

    private static final Logger LOG = Logger.getLogger(BootstrapApplication.class);
    /** Shorter keys are guessable; Authy's own were 32 characters. */
    static final int MIN_API_KEY_LENGTH = 32;

    @Inject
    BootstrapConfig config;

    @Inject
    ApplicationService applications;

    void onStart(@Observes StartupEvent event) {
        config.apiKey().ifPresent(apiKey -> {
            if (apiKey.length() < MIN_API_KEY_LENGTH) {
                throw new IllegalStateException("latchkey.bootstrap.api-key must have at least "
                        + MIN_API_KEY_LENGTH + " characters");
            }
            Application application = applications.ensureBootstrap(config.name(), apiKey, config.onetouchCallbackUrl());
            LOG.infof("bootstrap application '%s' (id %d) is in place", application.name, application.id);
        });
    }
}
