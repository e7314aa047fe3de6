package io.latchkey.authy.apikey;

import java.time.Instant;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Every service's local read model of the applications (from the {@code applications} topic), so
 * that {@code X-Authy-API-Key} is checked without a call to user-service (DESIGN.md "Services").
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

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<ApplicationProjection> findByApiKey(String apiKey) {
        String digest = ApiKeys.sha256Hex(apiKey);
        return ApplicationProjection.<ApplicationProjection> find("apiKeySha256", digest)
                .firstResultOptional()
                .filter(application -> ApiKeys.sameDigest(application.apiKeySha256, digest));
    }
}
