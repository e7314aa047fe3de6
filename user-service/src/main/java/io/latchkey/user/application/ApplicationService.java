package io.latchkey.user.application;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.crypto.ApiKeys;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.applications.ApplicationChanged.SealingContexts;
import io.latchkey.events.applications.Logo;
import io.latchkey.events.outbox.Outbox;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Creates, changes, re-keys and deletes applications; every change is published on
 * {@code applications} through the outbox. Keys are stored as a SHA-256 digest (to authenticate)
 * and sealed with the master key (for the services that must use the key itself); the clear key is
 * returned once, to the administrator who created or rotated it.
 */
@ApplicationScoped
public class ApplicationService {

    /** Authy-app tokens are 7 digits by default (docs/authy-api.md §6 "Token length"). */
    static final int DEFAULT_TOKEN_LENGTH = 7;
    static final int MIN_TOKEN_LENGTH = 6;
    static final int MAX_TOKEN_LENGTH = 8;
    private static final List<String> CALLBACK_METHODS = List.of("POST", "GET");

    @Inject
    Outbox outbox;

    @Inject
    SecretCipher cipher;

    /** The keys are in this value and nowhere else in clear. */
    public record CreatedApplication(Application application, String apiKey, DashboardKeys dashboardKeys) {
    }

    /** How Authy issued API keys. */
    private static final Pattern AUTHY_API_KEY = Pattern.compile("[A-Za-z0-9]{32}");
    /** The advisory lock that makes the bootstrap application exactly once when instances start together. */
    private static final long BOOTSTRAP_LOCK = 0x4c61_7463_6842_6f6fL;

    /** Access key and API signing key of the dashboard/webhooks API (docs/authy-api.md §4). */
    public record DashboardKeys(String accessKey, String apiSigningKey) {
    }

    /**
     * A new application with a generated API key, or with {@code api_key}: the key it had at Authy (32 letters and
     * digits, as Authy issued them), so that its deployments need only the new base URL. A kept key is stored like
     * a generated one (digest and sealed) and never echoed (the admin answer leaves it out).
     */
    @Transactional
    public CreatedApplication create(ApplicationSettings settings) {
        String kept = settings == null ? null : settings.apiKey();
        if (kept == null) {
            return create(settings, ApiKeys.generate(), false);
        }
        if (!AUTHY_API_KEY.matcher(kept).matches()) {
            throw AuthyException.invalidParameter("api_key", "must be an Authy API key: 32 letters and digits");
        }
        String digest = ApiKeys.sha256Hex(kept);
        // two creates of the same kept key at once: the second waits here, then finds the first's (never a 500)
        Application.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "kept-api-key:" + digest).getSingleResult();
        if (Application.count("apiKeySha256", digest) > 0) {
            throw AuthyException.invalidParameter("api_key", "is already the key of another application");
        }
        return create(settings, kept, false);
    }

    @Transactional
    CreatedApplication create(ApplicationSettings settings, String apiKey, boolean bootstrap) {
        if (settings == null || settings.name() == null || settings.name().isBlank()) {
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
        application.persist(); // the id is part of the sealing context
        application.apiKeyCiphertext = cipher.seal(apiKey, SealingContexts.apiKey(application.id));
        DashboardKeys dashboardKeys = newDashboardKeys(application);
        publish(application);
        return new CreatedApplication(application, apiKey, dashboardKeys);
    }

    @Transactional
    public Application update(long id, ApplicationSettings settings) {
        if (settings != null && settings.apiKey() != null) {
            throw AuthyException.invalidParameter("api_key", "is set only when the application is created; rotate it instead");
        }
        Application application = findForUpdate(id);
        apply(application, settings);
        publish(application);
        return application;
    }

    /** The old key stops working as soon as every service has the event (normally well under a second). */
    @Transactional
    public String rotateApiKey(long id) {
        Application application = findForUpdate(id);
        String apiKey = ApiKeys.generate();
        application.apiKeySha256 = ApiKeys.sha256Hex(apiKey);
        application.apiKeyCiphertext = cipher.seal(apiKey, SealingContexts.apiKey(application.id));
        application.updatedAt = Instant.now();
        publish(application);
        return apiKey;
    }

    @Transactional
    public DashboardKeys rotateDashboardKeys(long id) {
        Application application = findForUpdate(id);
        DashboardKeys keys = newDashboardKeys(application);
        application.updatedAt = Instant.now();
        publish(application);
        return keys;
    }

    /**
     * Soft delete: the row stays (its users reference it) but the application is gone for every
     * service, which drops it from its projection on the {@code deleted} event.
     */
    @Transactional
    public void delete(long id) {
        Application application = findForUpdate(id);
        if (application.bootstrap) {
            // it would come back at the next start with the same key; change LATCHKEY_BOOTSTRAP_* instead
            throw AuthyException.invalidParameter("id", "the bootstrap application is managed by configuration");
        }
        application.deletedAt = Instant.now();
        application.updatedAt = application.deletedAt;
        application.revision++;
        outbox.publish(changeOf(application, true));
    }

    /**
     * Puts the configured application in place with exactly the configured key; nothing happens when it already is.
     * Every instance of user-service does this at start, often at the same moment: a transaction-scoped advisory
     * lock lets one create it while the others wait and then find it (without it the second insert of the same
     * key failed, and that instance with it).
     */
    @Transactional
    public Application ensureBootstrap(String name, String apiKey, Optional<String> onetouchCallbackUrl) {
        Application.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, BOOTSTRAP_LOCK).getSingleResult();
        ApplicationSettings settings = ApplicationSettings.named(name, onetouchCallbackUrl.orElse(""));
        Optional<Application> existing = Application.findBootstrap();
        if (existing.isEmpty()) {
            return create(settings, apiKey, true).application();
        }
        Application application = existing.get();
        String digest = ApiKeys.sha256Hex(apiKey);
        boolean unchanged = application.name.equals(name) && ApiKeys.sameDigest(application.apiKeySha256, digest)
                && Objects.equals(application.onetouchCallbackUrl, onetouchCallbackUrl.orElse(null))
                && application.apiKeyCiphertext != null && !cipher.needsResealing(application.apiKeyCiphertext);
        if (unchanged) {
            return application;
        }
        application.apiKeySha256 = digest;
        application.apiKeyCiphertext = cipher.seal(apiKey, SealingContexts.apiKey(application.id));
        apply(application, settings);
        publish(application);
        return application;
    }

    public List<Application> list() {
        return Application.list("deletedAt is null", Sort.by("id"));
    }

    /** At most {@code limit} live applications with an id above {@code after}, by id. */
    public List<Application> page(long after, int limit) {
        return Application.<Application> find("deletedAt is null and id > ?1", Sort.by("id"), after).page(0, limit).list();
    }

    public Application find(long id) {
        return Application.findLive(id).orElseThrow(() -> AuthyException.notFound("application " + id));
    }

    /** Locked until the transaction ends, so a settings change never writes back a key a rotation replaced. */
    private Application findForUpdate(long id) {
        return Application.<Application> find("id = ?1 and deletedAt is null", id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .orElseThrow(() -> AuthyException.notFound("application " + id));
    }

    private DashboardKeys newDashboardKeys(Application application) {
        DashboardKeys keys = new DashboardKeys(ApiKeys.generate(), ApiKeys.generate());
        application.accessKeyCiphertext = cipher.seal(keys.accessKey(), SealingContexts.accessKey(application.id));
        application.signingKeyCiphertext = cipher.seal(keys.apiSigningKey(), SealingContexts.signingKey(application.id));
        return keys;
    }

    private static void apply(Application application, ApplicationSettings settings) {
        if (settings == null) {
            throw AuthyException.invalidRequest("a JSON object with the settings is required");
        }
        if (settings.name() != null && !settings.name().isBlank()) {
            if (settings.name().length() > 255) {
                throw AuthyException.invalidParameter("name", "is too long (maximum is 255 characters)");
            }
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
        if (settings.forceByDefault() != null) {
            application.forceByDefault = settings.forceByDefault();
        }
        if (settings.onetouchCallbackUrl() != null) {
            application.onetouchCallbackUrl = settings.onetouchCallbackUrl().isBlank() ? null
                    : checkedUrl("onetouch_callback_url", settings.onetouchCallbackUrl().trim());
        }
        if (settings.onetouchCallbackMethod() != null) {
            String method = settings.onetouchCallbackMethod().trim().toUpperCase(Locale.ROOT);
            if (!CALLBACK_METHODS.contains(method)) {
                throw AuthyException.invalidParameter("onetouch_callback_method", "must be POST or GET");
            }
            application.onetouchCallbackMethod = method;
        }
        if (settings.defaultLocale() != null) {
            application.defaultLocale = settings.defaultLocale().isBlank() ? null : checkedLocale(settings.defaultLocale().trim());
        }
        if (settings.allowedCountries() != null) {
            application.allowedCountries = String.join(",", checkedCountries(settings.allowedCountries()));
        }
        if (settings.onetouchNumberMatching() != null) {
            application.onetouchNumberMatching = settings.onetouchNumberMatching();
        }
        if (settings.onetouchMaxSecondsToExpire() != null) {
            if (settings.onetouchMaxSecondsToExpire() < 0) {
                throw AuthyException.invalidParameter("onetouch_max_seconds_to_expire", "must be 0 (no cap) or more");
            }
            application.onetouchMaxSecondsToExpire = settings.onetouchMaxSecondsToExpire();
        }
        if (settings.installLinkUrl() != null) {
            application.installLinkUrl = settings.installLinkUrl().isBlank() ? null
                    : checkedUrl("install_link_url", settings.installLinkUrl().trim());
        }
        if (settings.onetouchLogos() != null) {
            application.onetouchLogos = Logo.toJson(checkedLogos(settings.onetouchLogos()));
        }
        application.updatedAt = Instant.now();
    }

    /** One per resolution, {@code default} among them (the Authy app falls back to it; authy-java insists on it). */
    private static List<Logo> checkedLogos(List<Logo> logos) {
        Set<String> resolutions = new HashSet<>();
        for (Logo logo : logos) {
            if (logo == null || !Logo.isValid(logo.res(), logo.url()) || !resolutions.add(logo.res())) {
                throw AuthyException.invalidParameter("onetouch_logos", Logo.RULE + ", one per res");
            }
        }
        if (!logos.isEmpty() && !resolutions.contains("default")) {
            throw AuthyException.invalidParameter("onetouch_logos", "must include a default one");
        }
        return logos;
    }

    private static String checkedUrl(String parameter, String url) {
        try {
            URI uri = URI.create(url);
            if (url.length() <= 2048 && uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw AuthyException.invalidParameter(parameter, "must be an absolute http(s) URL");
    }

    /** IETF tags such as {@code es}, {@code pt-BR}, {@code zh-HK} (docs/authy-api.md §6 "Locale"). */
    private static String checkedLocale(String tag) {
        if (tag.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}")) {
            return Locale.forLanguageTag(tag).toLanguageTag();
        }
        throw AuthyException.invalidParameter("default_locale", "must be a language tag such as en or pt-BR");
    }

    private static List<String> checkedCountries(List<String> countries) {
        List<String> regions = new ArrayList<>();
        for (String country : countries) {
            String region = country == null ? "" : country.trim().toUpperCase(Locale.ROOT);
            if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
                throw AuthyException.invalidParameter("allowed_countries", "'" + country + "' is not an ISO 3166 country code");
            }
            if (!regions.contains(region)) {
                regions.add(region);
            }
        }
        return regions;
    }

    private void publish(Application application) {
        application.revision++;
        outbox.publish(changeOf(application, false));
    }

    private static ApplicationChanged changeOf(Application application, boolean deleted) {
        return new ApplicationChanged(application.id, application.revision, application.name,
                application.apiKeySha256, application.apiKeyCiphertext, application.tokenLength, application.smsEnabled,
                application.voiceEnabled, application.onetouchEnabled, application.genericAuthenticatorEnabled,
                application.forceByDefault, application.onetouchCallbackUrl, application.onetouchCallbackMethod,
                application.defaultLocale, application.allowedCountryList(), application.accessKeyCiphertext,
                application.signingKeyCiphertext, deleted, application.onetouchNumberMatching,
                application.onetouchMaxSecondsToExpire, application.installLinkUrl, Logo.fromJson(application.onetouchLogos));
    }
}
