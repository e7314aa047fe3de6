package io.latchkey.user.application;

import java.time.Instant;
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

    /** The application described in configuration (README "Configuration"), kept in step with it at start-up. */
    @Column(nullable = false)
    public boolean bootstrap;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<Application> findBootstrap() {
        return find("bootstrap", true).firstResultOptional();
    }
}
