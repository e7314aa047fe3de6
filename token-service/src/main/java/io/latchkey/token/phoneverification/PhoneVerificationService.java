package io.latchkey.token.phoneverification;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.token.config.CodePolicy;
import io.latchkey.token.limits.UserCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class PhoneVerificationService {

    @Inject
    CodeHasher codes;

    @Inject
    CodePolicy policy;

    @Inject
    Outbox outbox;

    @Inject
    SecretCipher cipher;

    @Inject
    UserCounters counters;

    public record Started(PhoneVerification verification, Duration expiresIn) {
    }

    /**
     * Stores the code's HMAC (and the code sealed) and asks the notifier, through the outbox, to send
     * it. A start for a number with a pending verification of the same code length re-sends that
     * code (authy-api.md §6), by whichever channel this start names; its lifetime is not extended.
     */
    @Transactional
    public Started start(long applicationId, String phoneE164, String via, int codeLength, String locale) {
        CodePolicy.PhoneVerification limits = policy.phoneVerification();
        if (!counters.tryTakePhoneStart(applicationId, phoneE164, limits.maxStarts(), limits.startWindow())) {
            throw AuthyException.tooManyRequests();
        }
        Instant now = Instant.now();
        PhoneVerification verification = PhoneVerification.findPending(applicationId, phoneE164, now, policy.phoneVerification().maxAttempts())
                .filter(pending -> pending.codeSealed != null && pending.codeLength != null && pending.codeLength == codeLength)
                .orElse(null);
        String code;
        if (verification != null) {
            code = cipher.openString(verification.codeSealed, PhoneVerification.sealingContext(verification.id));
            verification.via = via;
        } else {
            verification = new PhoneVerification();
            verification.id = UUID.randomUUID();
            verification.applicationId = applicationId;
            verification.phoneE164 = phoneE164;
            verification.via = via;
            code = codes.newCode(codeLength);
            verification.codeHmac = codes.hmac(verification.id.toString(), code);
            verification.codeLength = codeLength;
            verification.codeSealed = cipher.seal(code, PhoneVerification.sealingContext(verification.id));
            verification.createdAt = now;
            verification.expiresAt = now.plus(policy.phoneVerification().lifetime());
            verification.persist();
        }

        DeliveryRequested delivery = new DeliveryRequested(UUID.randomUUID(), applicationId, null,
                "call".equals(via) ? Channel.VOICE : Channel.SMS, phoneE164, locale, Kind.PHONE_VERIFICATION, code, null);
        outbox.publish(Topics.DELIVERIES_REQUESTED, phoneE164,
                Event.of(DeliveryRequested.TYPE, DeliveryRequested.SCHEMA_VERSION, delivery));
        return new Started(verification, Duration.between(now, verification.expiresAt));
    }

    /** Where the newest verification of a number stands: {@code pending}, {@code verified}, {@code expired} or {@code failed} (too many wrong codes). */
    public record Status(PhoneVerification verification, String state, long secondsToExpire) {
    }

    @Transactional
    public Status status(long applicationId, String phoneE164, String displayNumber) {
        Instant now = Instant.now();
        PhoneVerification verification = PhoneVerification.findLatest(applicationId, phoneE164)
                .orElseThrow(() -> noPending(displayNumber));
        if (verification.verifiedAt != null) {
            return new Status(verification, "verified", 0);
        }
        if (!verification.expiresAt.isAfter(now)) {
            return new Status(verification, "expired", 0);
        }
        if (verification.failedAttempts >= policy.phoneVerification().maxAttempts()) {
            return new Status(verification, "failed", 0);
        }
        return new Status(verification, "pending", Math.max(0, Duration.between(now, verification.expiresAt).toSeconds()));
    }

    static AuthyException noPending(String displayNumber) {
        return AuthyException.of(404, "60023", "No pending verifications for " + displayNumber + " found.");
    }

    /**
     * A correct code closes the verification; a wrong one is counted (under the row lock taken by
     * {@link PhoneVerification#findPending}) and the verification is void after the configured number.
     */
    @Transactional(dontRollbackOn = AuthyException.class)
    public void check(long applicationId, String phoneE164, String displayNumber, String code) {
        PhoneVerification verification = PhoneVerification.findPending(applicationId, phoneE164, Instant.now(),
                policy.phoneVerification().maxAttempts())
                .orElseThrow(() -> noPending(displayNumber));
        if (!codes.matches(verification.codeHmac, verification.id.toString(), code)) {
            verification.failedAttempts++;
            throw AuthyException.of(401, "60022", "Verification code is incorrect");
        }
        verification.verifiedAt = Instant.now();
        verification.codeSealed = null;
    }
}
