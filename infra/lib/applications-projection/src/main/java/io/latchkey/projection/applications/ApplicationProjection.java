package io.latchkey.projection.applications;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.events.applications.Logo;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Every service's local read model of the applications (from the {@code applications} topic), so
 * that {@code X-Authy-API-Key} is checked without a call to user-service (docs/architecture.md "Services").
 */
@Entity
@Table(name = "application_projection")
public class ApplicationProjection extends PanacheEntityBase {

    @Id
    @Column(name = "application_id")
    public long applicationId;

    @Column(nullable = false)
    public long revision;

    @Column(nullable = false)
    public String name;

    @Column(name = "api_key_sha256", nullable = false, unique = true, length = 64)
    public String apiKeySha256;

    /** AES-GCM ciphertext of the API key (never the key); only push-service decrypts it, to sign callbacks. */
    @Column(name = "api_key_ciphertext", columnDefinition = "text")
    public String apiKeyCiphertext;

    @Column(name = "token_length", nullable = false)
    public int tokenLength;

    @Column(name = "sms_enabled", nullable = false)
    public boolean smsEnabled;

    @Column(name = "voice_enabled", nullable = false)
    public boolean voiceEnabled;

    @Column(name = "onetouch_enabled", nullable = false)
    public boolean onetouchEnabled;

    @Column(name = "generic_authenticator_enabled", nullable = false)
    public boolean genericAuthenticatorEnabled;

    @Column(name = "force_by_default", nullable = false)
    public boolean forceByDefault;

    @Column(name = "onetouch_callback_url", length = 2048)
    public String onetouchCallbackUrl;

    /** {@code POST} or {@code GET} (docs/authy-api.md §3). */
    @Column(name = "onetouch_callback_method", nullable = false, length = 8)
    public String onetouchCallbackMethod = "POST";

    @Column(name = "onetouch_number_matching", nullable = false)
    public boolean onetouchNumberMatching;

    /** The longest an approval request may stay open, in seconds; 0 = no cap. */
    @Column(name = "onetouch_max_seconds_to_expire", nullable = false)
    public long onetouchMaxSecondsToExpire;

    /** Where a new user's install-link SMS points; null = the installation's ({@code LATCHKEY_INSTALL_LINK_URL}). */
    @Column(name = "install_link_url", length = 2048)
    public String installLinkUrl;

    /** JSON array of {@code {res, url}}, or null; read it through {@link #onetouchLogos()}. */
    @Column(name = "onetouch_logos", columnDefinition = "text")
    public String onetouchLogosJson;

    @Column(name = "default_locale", length = 16)
    public String defaultLocale;

    /** Comma-separated ISO 3166 region codes; empty means every country. Read it through {@link #allowedCountries()}. */
    @Column(name = "allowed_countries", nullable = false, length = 1024)
    public String allowedCountriesCsv = "";

    @Column(name = "access_key_ciphertext", columnDefinition = "text")
    public String accessKeyCiphertext;

    @Column(name = "signing_key_ciphertext", columnDefinition = "text")
    public String signingKeyCiphertext;

    /** A tombstone: kept with its revision so that no older event revives the key; never authenticates. */
    @Column(nullable = false)
    public boolean deleted;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public List<String> allowedCountries() {
        return allowedCountriesCsv.isEmpty() ? List.of() : List.of(allowedCountriesCsv.split(","));
    }

    /** What the Authy app shows with an approval request that brings no logos of its own; empty = none. */
    public List<Logo> onetouchLogos() {
        return Logo.fromJson(onetouchLogosJson);
    }

    /** True when SMS/voice may go to a number of this ISO 3166 region. */
    public boolean allowsCountry(String regionCode) {
        return allowedCountriesCsv.isEmpty() || allowedCountries().contains(regionCode);
    }

    /** Read now; the Authy calls' authentication reads through {@link ApplicationsByApiKey}. */
    public static Optional<ApplicationProjection> findByApiKey(String apiKey) {
        return findByDigest(ApiKeys.sha256Hex(apiKey));
    }

    static Optional<ApplicationProjection> findByDigest(String digest) {
        return ApplicationProjection.<ApplicationProjection> find("apiKeySha256 = ?1 and deleted = false", digest)
                .firstResultOptional()
                .filter(application -> ApiKeys.sameDigest(application.apiKeySha256, digest));
    }
}
