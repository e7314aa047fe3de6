package io.latchkey.token.otp;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An SMS/voice code: HMAC for checking, sealed copy only for re-sending within its lifetime. */
@Entity
@Table(name = "otp_code")
public class OtpCode extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(name = "authy_id", nullable = false)
    public long authyId;

    /** {@link #SMS} or {@link #VOICE}: how it was sent first. */
    @Column(nullable = false)
    /** {@link io.latchkey.token.channel.Channel#stored}: sms or voice. */
    public String channel;

    /** The custom action it is bound to (docs/authy-api.md §6 "Custom actions"), or null. */
    public String action;

    @Column(name = "code_length", nullable = false)
    public int codeLength;

    @Column(name = "code_hmac", nullable = false, length = 64)
    public String codeHmac;

    @Column(name = "code_sealed", columnDefinition = "text")
    public String codeSealed;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static String sealingContext(UUID id) {
        return "otp-code:" + id;
    }

    /** Unexpired codes of the user for this action (null = none), used or not: a used one is how reuse is recognised. */
    public static List<OtpCode> unexpired(long applicationId, long authyId, String action, Instant now) {
        return OtpCode.<OtpCode> list("applicationId = ?1 and authyId = ?2 and expiresAt > ?3 order by createdAt desc",
                applicationId, authyId, now)
                .stream()
                .filter(code -> Objects.equals(code.action, action))
                .toList();
    }

    /** The newest unused, unexpired code for this action and length: a repeated request re-sends it. */
    public static Optional<OtpCode> resendable(long applicationId, long authyId, String action, int length, Instant now) {
        return unexpired(applicationId, authyId, action, now).stream()
                .filter(code -> code.usedAt == null && code.codeSealed != null && code.codeLength == length)
                .findFirst();
    }
}
