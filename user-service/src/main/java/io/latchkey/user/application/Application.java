package io.latchkey.user.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A platform team's application: the owner of an API key and of its users. */
@Entity
@Table(name = "application")
public class Application extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Grows on every change; consumers of the {@code applications} topic ignore anything older. */
    @Column(nullable = false)
    public long revision;

    @Column(nullable = false)
    public String name;

    @Column(name = "api_key_sha256", nullable = false, unique = true, length = 64)
    public String apiKeySha256;

    /** The key sealed with the installation's master key, for push-service to sign callbacks (docs/authy-api.md §3). */
    @Column(name = "api_key_ciphertext", columnDefinition = "text")
    public String apiKeyCiphertext;

    /** Dashboard/webhooks API keys (docs/authy-api.md §4): only ever stored sealed. */
    @Column(name = "access_key_ciphertext", columnDefinition = "text")
    public String accessKeyCiphertext;

    @Column(name = "signing_key_ciphertext", columnDefinition = "text")
    public String signingKeyCiphertext;

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

    @Column(name = "onetouch_callback_url")
    public String onetouchCallbackUrl;

    @Column(name = "onetouch_callback_method", nullable = false, length = 8)
    public String onetouchCallbackMethod = "POST";

    /** Approval requests carry a number the user types on the device (off by default). */
    @Column(name = "onetouch_number_matching", nullable = false)
    public boolean onetouchNumberMatching;

    /** The longest an approval request may stay open, in seconds; 0 = no cap. */
    @Column(name = "onetouch_max_seconds_to_expire", nullable = false)
    public long onetouchMaxSecondsToExpire;

    /** Where a new user's install-link SMS points; null = the installation's ({@code LATCHKEY_INSTALL_LINK_URL}). */
    @Column(name = "install_link_url", length = 2048)
    public String installLinkUrl;

    /** The OneTouch logos shown with a request that brings none: JSON array of {@code {res, url}}, or null. */
    @Column(name = "onetouch_logos", columnDefinition = "text")
    public String onetouchLogos;

    /** sms/call send even when the user has an app device, unless the caller passes force=false. */
    @Column(name = "force_by_default", nullable = false)
    public boolean forceByDefault;

    @Column(name = "default_locale", length = 16)
    public String defaultLocale;

    /** Comma-separated ISO 3166 region codes SMS/voice may go to; empty means everywhere. */
    @Column(name = "allowed_countries", nullable = false, length = 1024)
    public String allowedCountries = "";

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** The application described in configuration (README "Configuration"), kept in step with it at start-up. */
    @Column(nullable = false)
    public boolean bootstrap;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<Application> findBootstrap() {
        return find("bootstrap = true and deletedAt is null").firstResultOptional();
    }

    public static Optional<Application> findLive(long id) {
        return find("id = ?1 and deletedAt is null", id).firstResultOptional();
    }

    public List<String> allowedCountryList() {
        return allowedCountries.isEmpty() ? List.of() : List.of(allowedCountries.split(","));
    }
}
