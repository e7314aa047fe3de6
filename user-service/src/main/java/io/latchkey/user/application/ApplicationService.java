package io.latchkey.user.application;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.latchkey.authy.apikey.ApiKeys;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.outbox.Outbox;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Creates and changes applications; every change is published on {@code applications} through the outbox. */
@ApplicationScoped
public class ApplicationService {

    /** Authy-app tokens are 7 digits by default (authy-api.md §6 "Token length"). */
    static final int DEFAULT_TOKEN_LENGTH = 7;
    static final int MIN_TOKEN_LENGTH = 6;
    static final int MAX_TOKEN_LENGTH = 8;

    @Inject
    Outbox outbox;

    /** The key is returned here and never again: only its digest is stored. */
    public record CreatedApplication(Application application, String apiKey) {
    }

    @Transactional
    public CreatedApplication create(ApplicationSettings settings) {
        return create(settings, ApiKeys.generate(), false);
    }

    @Transactional
    CreatedApplication create(ApplicationSettings settings, String apiKey, boolean bootstrap) {
        if (settings.name() == null || settings.name().isBlank()) {
            throw AuthyException.invalidParameter("name", "Parameter is required");
        }
        Application application = new Application();
        application.apiKeySha256 = ApiKeys.sha256Hex(apiKey);
        application.tokenLength = DEFAULT_TOKEN_LENGTH;
        application.smsEnabled = true;
        application.voiceEnabled = true;
        application.onetouchEnabled = true;
        application.genericAuthenticatorEnabled = true;
        application.bootstrap = bootstrap;
        application.createdAt = Instant.now();
        apply(application, settings);
        application.persist();
        publish(application);
        return new CreatedApplication(application, apiKey);
    }

    @Transactional
    public Application update(long id, ApplicationSettings settings) {
        Application application = find(id);
        apply(application, settings);
        publish(application);
        return application;
    }

    /** Puts the configured application in place with exactly the configured key; nothing happens when it already is. */
    @Transactional
    public Application ensureBootstrap(String name, String apiKey, Optional<String> onetouchCallbackUrl) {
        ApplicationSettings settings = new ApplicationSettings(name, null, null, null, null, null,
                onetouchCallbackUrl.orElse(null));
        Optional<Application> existing = Application.findBootstrap();
        if (existing.isEmpty()) {
            return create(settings, apiKey, true).application();
        }
        Application application = existing.get();
        String digest = ApiKeys.sha256Hex(apiKey);
        boolean unchanged = application.name.equals(name) && ApiKeys.sameDigest(application.apiKeySha256, digest)
                && Objects.equals(application.onetouchCallbackUrl, onetouchCallbackUrl.orElse(null));
        if (unchanged) {
            return application;
        }
        application.apiKeySha256 = digest;
        apply(application, settings);
        publish(application);
        return application;
    }

    public List<Application> list() {
        return Application.listAll(Sort.by("id"));
    }

    public Application find(long id) {
        return Application.<Application> findByIdOptional(id)
                .orElseThrow(() -> AuthyException.notFound("application " + id));
    }

    private static void apply(Application application, ApplicationSettings settings) {
        if (settings.name() != null && !settings.name().isBlank()) {
            application.name = settings.name().trim();
        }
        if (settings.tokenLength() != null) {
            if (settings.tokenLength() < MIN_TOKEN_LENGTH || settings.tokenLength() > MAX_TOKEN_LENGTH) {
                throw AuthyException.invalidParameter("token_length",
                        "must be between " + MIN_TOKEN_LENGTH + " and " + MAX_TOKEN_LENGTH);
            }
            application.tokenLength = settings.tokenLength();
        }
        if (settings.smsEnabled() != null) {
            application.smsEnabled = settings.smsEnabled();
        }
        if (settings.voiceEnabled() != null) {
            application.voiceEnabled = settings.voiceEnabled();
        }
        if (settings.onetouchEnabled() != null) {
            application.onetouchEnabled = settings.onetouchEnabled();
        }
        if (settings.genericAuthenticatorEnabled() != null) {
            application.genericAuthenticatorEnabled = settings.genericAuthenticatorEnabled();
        }
        if (settings.onetouchCallbackUrl() != null) {
            application.onetouchCallbackUrl = settings.onetouchCallbackUrl().isBlank() ? null : settings.onetouchCallbackUrl();
        }
        application.updatedAt = Instant.now();
    }

    private void publish(Application application) {
        application.revision++;
        ApplicationChanged change = new ApplicationChanged(application.id, application.revision, application.name,
                application.apiKeySha256, null, application.tokenLength, application.smsEnabled,
                application.voiceEnabled, application.onetouchEnabled, application.genericAuthenticatorEnabled,
                false, application.onetouchCallbackUrl, "POST", null, java.util.List.of(), null, null, false);
        outbox.publish(Topics.APPLICATIONS, String.valueOf(application.id),
                Event.of(ApplicationChanged.TYPE_UPSERTED, ApplicationChanged.SCHEMA_VERSION, change));
    }
}
