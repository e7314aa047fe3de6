package io.latchkey.token.authenticator;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A QR image's capability URL: only the token's SHA-256 is stored; the otpauth URI inside is sealed. */
@Entity
@Table(name = "qr_image")
public class QrImage extends PanacheEntityBase {

    @Id
    @Column(name = "token_sha256", length = 64)
    public String tokenSha256;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(name = "uri_sealed", nullable = false, columnDefinition = "text")
    public String uriSealed;

    @Column(nullable = false)
    public int size;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static String sealingContext(String tokenSha256) {
        return "authenticator-qr:" + tokenSha256;
    }
}
