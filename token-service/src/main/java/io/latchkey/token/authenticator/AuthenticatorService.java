package io.latchkey.token.authenticator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.config.OtpPolicy;
import io.latchkey.token.limits.UserCounters;
import io.latchkey.token.seed.SeedCipher;
import io.latchkey.totp.Base32;
import io.latchkey.totp.Seeds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Generic authenticator secrets and their QR images (docs/authy-api.md row 5, §6 "QR / generic authenticator"). */
@ApplicationScoped
public class AuthenticatorService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    OtpPolicy policy;

    @Inject
    SeedCipher seeds;

    @Inject
    SecretCipher cipher;

    @Inject
    UserCounters counters;

    public record NewSecret(String qrUrl) {
    }

    /** A new seed replaces the user's previous one (and its QR images); returns the unguessable QR URL. */
    @Transactional
    public NewSecret newSecret(UserProjection user, String issuer, String label, int qrSize) {
        // one secret call per user at a time: two parallel first calls would both insert (primary key
        // violation) and two parallel replacements could each leave their QR image live
        counters.lockUser(user.authyId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AuthenticatorSecret secret = AuthenticatorSecret.findById(user.authyId);
        boolean isNew = secret == null;
        if (isNew) {
            secret = new AuthenticatorSecret();
            secret.authyId = user.authyId;
        }
        secret.applicationId = user.applicationId;
        secret.createdAt = now;
        secret.lastUsedStep = null;
        secret.digits = null;
        secret.periodSeconds = null;
        secret.algorithm = null;
        secret.imported = false;
        byte[] seed = Seeds.newSeed();
        String uri;
        try {
            secret.seedSealed = seeds.seal(seed, secret.seedContext());
            uri = otpauthUri(issuer, label, seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        if (isNew) {
            secret.persist();
        }
        QrImage.delete("authyId", user.authyId);

        byte[] tokenBytes = new byte[32];
        RANDOM.nextBytes(tokenBytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
        QrImage image = new QrImage();
        image.tokenSha256 = ApiKeys.sha256Hex(token);
        image.authyId = user.authyId;
        image.applicationId = user.applicationId;
        image.uriSealed = cipher.seal(uri, QrImage.sealingContext(image.tokenSha256));
        image.size = qrSize;
        image.createdAt = now;
        image.expiresAt = now.plus(policy.authenticator().qrLifetime());
        image.persist();
        return new NewSecret(stripTrailingSlash(policy.publicBaseUrl()) + "/qr/" + token + ".png");
    }

    /**
     * The PNG behind a QR URL, or empty when the token is unknown, expired, replaced by a newer secret,
     * or sealed with a key no longer listed (the integrator asks {@code users/{id}/secret} again, which
     * makes a fresh secret and image). The image opens the user's seed, so it is a capability that ends
     * as soon as it has done its job: once a code of its secret has verified (the app is enrolled), once
     * another seed replaced it (an import), and once the user is removed.
     */
    @Transactional
    public Optional<byte[]> png(String token) {
        QrImage image = QrImage.findById(ApiKeys.sha256Hex(token));
        if (image == null || !image.expiresAt.isAfter(Instant.now()) || !enrolmentStillOpen(image)) {
            return Optional.empty();
        }
        return cipher.openStringIfPossible(image.uriSealed, QrImage.sealingContext(image.tokenSha256))
                .map(uri -> QrRenderer.png(uri, image.size));
    }

    private static boolean enrolmentStillOpen(QrImage image) {
        boolean userPresent = UserProjection.findInApplication(image.applicationId, image.authyId).isPresent();
        AuthenticatorSecret secret = AuthenticatorSecret.findById(image.authyId);
        return userPresent && secret != null && secret.applicationId == image.applicationId
                && secret.lastUsedStep == null && !secret.imported;
    }

    /** Key URI Format (Google Authenticator wiki): {@code otpauth://totp/Issuer:label?secret=…&issuer=…}. */
    String otpauthUri(String issuer, String label, byte[] seed) {
        OtpPolicy.Authenticator settings = policy.authenticator();
        return "otpauth://totp/" + encode(issuer) + ":" + encode(label)
                + "?secret=" + Base32.encode(seed)
                + "&issuer=" + encode(issuer)
                + "&algorithm=" + settings.algorithm().otpauthName()
                + "&digits=" + settings.digits()
                + "&period=" + settings.period().toSeconds();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
