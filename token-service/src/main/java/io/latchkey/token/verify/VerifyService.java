package io.latchkey.token.verify;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

import org.jboss.logging.Logger;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.projection.applications.ApplicationProjection;
import io.micrometer.core.instrument.MeterRegistry;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.events.verifications.VerificationChecked.Method;
import io.latchkey.events.verifications.VerificationChecked.Outcome;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.authenticator.AuthenticatorSecret;
import io.latchkey.token.channel.Channel;
import io.latchkey.token.config.OtpPolicy;
import io.latchkey.token.device.Device;
import io.latchkey.token.limits.UserCounters;
import io.latchkey.token.limits.UserCounters.Attempts;
import io.latchkey.token.otp.OtpCode;
import io.latchkey.token.phoneverification.CodeHasher;
import io.latchkey.token.seed.SeedCipher;
import io.latchkey.totp.Hotp;
import io.latchkey.totp.Totp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The rules of {@code verify/{token}/{id}} (docs/authy-api.md row 11, §6). One transaction per call that
 * starts by taking the user's counter row lock, so one user's verifications run one after another:
 * a code is accepted once, a time step is accepted once, and the lockout threshold is exact even
 * for parallel requests. Failures are recorded by returning (not throwing), so that they commit.
 */
@ApplicationScoped
public class VerifyService {

    private static final Logger LOG = Logger.getLogger(VerifyService.class);

    /** What was checked and how it ended; {@code device} or {@code authenticator} name the matching soft token. */
    public record Verdict(Outcome outcome, Method method, Device device, AuthenticatorSecret authenticator) {

        static Verdict of(Outcome outcome, Method method) {
            return new Verdict(outcome, method, null, null);
        }
    }

    @Inject
    OtpPolicy policy;

    @Inject
    UserCounters counters;

    @Inject
    CodeHasher codes;

    @Inject
    SeedCipher seeds;

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry metrics;

    @Transactional
    public Verdict verify(ApplicationProjection application, UserProjection user, String token, String action) {
        OtpPolicy.Lockout lockout = policy.lockout();
        Attempts attempts = counters.lockForVerification(user.authyId, lockout.window());
        if (attempts.locked()) {
            return publish(user, Verdict.of(Outcome.LOCKED_OUT, Method.UNKNOWN));
        }
        Instant now = Instant.now();
        // Authy tokens are 6-10 digits (J and PHP check the same range client-side); anything else never matches
        Verdict verdict = token.matches("\\d{6,10}")
                ? check(application, user, token, action, now)
                : Verdict.of(Outcome.INVALID, Method.UNKNOWN);
        if (verdict.outcome() == Outcome.VALID) {
            counters.recordSuccess(user.authyId);
        } else if (counters.recordFailure(user.authyId, attempts, lockout.maxFailures(), lockout.duration())) {
            LOG.infof("user %d: %d failed verifications, locked for %s", user.authyId, lockout.maxFailures(), lockout.duration());
        }
        return publish(user, verdict);
    }

    /** The first fresh match wins; a match that was already used (code or time step) answers REUSED. */
    private Verdict check(ApplicationProjection application, UserProjection user, String token, String action, Instant now) {
        Verdict reused = null;
        for (OtpCode code : OtpCode.unexpired(application.applicationId, user.authyId, action, now)) {
            if (code.codeLength != token.length() || !codes.matches(code.codeHmac, code.id.toString(), token)) {
                continue;
            }
            Method method = Channel.ofStored(code.channel) == Channel.VOICE ? Method.VOICE : Method.SMS;
            // single use, also against a request that got past us some other way: a conditional update
            int claimed = OtpCode.update("usedAt = ?1, codeSealed = null where id = ?2 and usedAt is null", now, code.id);
            if (claimed == 1) {
                return Verdict.of(Outcome.VALID, method);
            }
            reused = Verdict.of(Outcome.REUSED, method);
        }
        if (action != null) {
            // codes bound to an action verify only with it; app tokens never do (§6 "Custom actions")
            return reused != null ? reused : Verdict.of(Outcome.INVALID, Method.UNKNOWN);
        }

        for (Device device : Device.registeredOf(user.authyId)) {
            // the digits the device was given at registration; rows from before V9 use the application's length
            int softTokenDigits = Math.clamp(device.digits != null ? device.digits : application.tokenLength,
                    Hotp.MIN_DIGITS, Hotp.MAX_DIGITS);
            Totp softToken = new Totp(policy.softToken().algorithm(), softTokenDigits, policy.softToken().period());
            String sealedSeed = device.seedSealed;
            OptionalLong step = matchingStep(softToken, sealedSeed, Device.seedContext(device.id), token, now,
                    policy.softToken().window(), resealed -> Device.update(
                            "seedSealed = ?1 where id = ?2 and seedSealed = ?3", resealed, device.id, sealedSeed));
            if (step.isPresent()) {
                int advanced = Device.update("lastUsedStep = ?1 where id = ?2 and (lastUsedStep is null or lastUsedStep < ?1)",
                        step.getAsLong(), device.id);
                if (advanced == 1) {
                    return new Verdict(Outcome.VALID, Method.SOFT_TOKEN, device, null);
                }
                reused = Verdict.of(Outcome.REUSED, Method.SOFT_TOKEN);
            }
        }

        Optional<AuthenticatorSecret> secret = AuthenticatorSecret.<AuthenticatorSecret> findByIdOptional(user.authyId)
                .filter(found -> found.applicationId == application.applicationId);
        if (secret.isPresent()) {
            OtpPolicy.Authenticator settings = policy.authenticator();
            AuthenticatorSecret current = secret.get();
            Totp authenticator = current.totp(settings);
            String sealedSeed = current.seedSealed;
            OptionalLong step = matchingStep(authenticator, sealedSeed, current.seedContext(), token, now,
                    settings.window(), resealed -> AuthenticatorSecret.update(
                            "seedSealed = ?1 where authyId = ?2 and seedSealed = ?3", resealed, current.authyId, sealedSeed));
            if (step.isPresent()) {
                int advanced = AuthenticatorSecret.update(
                        "lastUsedStep = ?1 where authyId = ?2 and (lastUsedStep is null or lastUsedStep < ?1)",
                        step.getAsLong(), current.authyId);
                if (advanced == 1) {
                    return new Verdict(Outcome.VALID, Method.AUTHENTICATOR_APP, null, current);
                }
                reused = Verdict.of(Outcome.REUSED, Method.AUTHENTICATOR_APP);
            }
        }
        return reused != null ? reused : Verdict.of(Outcome.INVALID, Method.UNKNOWN);
    }

    /**
     * Opens the seed only for the comparison, re-seals it under the active key if an older one sealed it
     * (lazy rotation). The re-seal is a conditional update of the sealed column alone ({@code where
     * seed_sealed = <old>}): it never writes other columns and never replaces a seed changed meanwhile.
     */
    private OptionalLong matchingStep(Totp totp, String sealed, String context, String token, Instant now, int window,
            java.util.function.Consumer<String> reseal) {
        byte[] seed;
        try {
            seed = seeds.open(sealed, context);
        } catch (SecretCipher.SealedValueException e) {
            // a seed sealed under a key no longer configured, or damaged: this soft token cannot match (never a 500)
            LOG.warnf("%s: sealed seed does not open (%s)", context, e.getMessage());
            return OptionalLong.empty();
        }
        try {
            if (seeds.needsResealing(sealed)) {
                reseal.accept(seeds.seal(seed, context));
            }
            return totp.matchingStep(seed, token, now, window);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private Verdict publish(UserProjection user, Verdict verdict) {
        metrics.counter("latchkey.verifications", "outcome", verdict.outcome().name().toLowerCase(java.util.Locale.ROOT),
                "method", verdict.method().name().toLowerCase(java.util.Locale.ROOT)).increment();
        outbox.publish(new VerificationChecked(user.authyId, user.applicationId, verdict.outcome(), verdict.method()));
        return verdict;
    }
}
