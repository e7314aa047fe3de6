package io.latchkey.token.phoneverification;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.phone.PhoneNumbers;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.events.phoneverifications.PhoneVerificationChanged;
import io.latchkey.events.phoneverifications.PhoneVerificationChanged.Outcome;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.token.channel.Channel;
import io.latchkey.token.channel.CodeDeliveries;
import io.latchkey.token.channel.SendingRules;
import io.latchkey.token.config.CodePolicy;
import io.latchkey.token.limits.CounterKeys;
import io.latchkey.token.limits.DestinationLimits;
import io.latchkey.token.limits.WindowCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class PhoneVerificationService {

    @Inject
    DestinationLimits destinations;

    @Inject
    CodeHasher codes;

    @Inject
    CodePolicy policy;

    @Inject
    CodeDeliveries deliveries;

    @Inject
    SecretCipher cipher;

    @Inject
    WindowCounters counters;

    @Inject
    Outbox outbox;

    public record Started(PhoneVerification verification, Duration expiresIn) {
    }

    /**
     * Stores the code's HMAC (and the code sealed) and asks the notifier, through the outbox, to send
     * it. A start for a number with a pending verification of the same code length re-sends that
     * code (docs/authy-api.md §6), by whichever channel this start names; its lifetime is not extended.
     * A new code voids every older pending one of the number, so only one code is ever live. The
     * application's switches apply as for sms/call: SMS (60007) / voice (60006) on, the country
     * allowed (60013); SMS only to mobile numbers (60082), voice also to landlines.
     */
    @Transactional
    public Started start(ApplicationProjection application, String phoneE164, boolean cellphone, Channel via,
            int codeLength, String locale) {
        SendingRules.check(application, via, phoneE164);
        if (via == Channel.SMS && !cellphone) {
            throw AuthyException.of(400, "60082", "Cannot send SMS to landline");
        }
        long applicationId = application.applicationId;
        CodePolicy.PhoneVerification limits = policy.phoneVerification();
        // the start counter's upsert also locks the number's row until commit: starts of one number run one at a time
        if (!counters.tryTake(CounterKeys.phoneVerificationStarts(applicationId, phoneE164), limits.maxStarts(),
                limits.startWindow())) {
            throw AuthyException.tooManyRequests();
        }
        if (counters.exhausted(CounterKeys.phoneVerificationChecks(applicationId, phoneE164), limits.maxFailedChecks())) {
            throw AuthyException.tooManyRequests();
        }
        Instant now = Instant.now();
        PhoneVerification verification = PhoneVerification.findPending(applicationId, phoneE164, now, policy.phoneVerification().maxAttempts())
                .filter(pending -> pending.codeSealed != null && pending.codeLength != null && pending.codeLength == codeLength)
                .orElse(null);
        // a pending code is sent again; one that no longer opens (its key left the key list) is voided for a fresh one
        String code = verification == null ? null
                : cipher.openStringIfPossible(verification.codeSealed, PhoneVerification.sealingContext(verification.id)).orElse(null);
        if (code != null) {
            verification.via = via.via;
        } else {
            PhoneVerification.voidPending(applicationId, phoneE164, now);
            verification = new PhoneVerification();
            verification.id = UUID.randomUUID();
            verification.applicationId = applicationId;
            verification.phoneE164 = phoneE164;
            verification.via = via.via;
            code = codes.newCode(codeLength);
            verification.codeHmac = codes.hmac(verification.id.toString(), code);
            verification.codeLength = codeLength;
            verification.codeSealed = cipher.seal(code, PhoneVerification.sealingContext(verification.id));
            verification.createdAt = now;
            verification.expiresAt = now.plus(policy.phoneVerification().lifetime());
            verification.persist();
        }

        deliveries.send(Kind.PHONE_VERIFICATION, via, applicationId, null, phoneE164, locale, null, code);
        published(verification.id, applicationId, phoneE164, Outcome.STARTED, via.via);
        destinations.take(applicationId, phoneE164); // last: it locks the number range's counter until commit
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
     * A correct code closes the verification; a wrong one is counted twice: on the verification (under
     * the row lock taken by {@link PhoneVerification#findPending}; void after the configured number)
     * and in the number's failed-check budget, which a new start does not reset (429/60003 once spent).
     */
    @Transactional(dontRollbackOn = AuthyException.class)
    public void check(long applicationId, String phoneE164, String displayNumber, String code) {
        CodePolicy.PhoneVerification limits = policy.phoneVerification();
        // reserve the check first (one conditional upsert): parallel guesses cannot overrun the budget
        String checks = CounterKeys.phoneVerificationChecks(applicationId, phoneE164);
        if (!counters.tryTake(checks, limits.maxFailedChecks(), limits.failedCheckWindow())) {
            published(null, applicationId, phoneE164, Outcome.FAILED, null);
            throw AuthyException.tooManyRequests();
        }
        PhoneVerification verification = PhoneVerification.findPending(applicationId, phoneE164, Instant.now(),
                limits.maxAttempts()).orElse(null);
        if (verification == null) {
            counters.giveBack(checks);
            published(null, applicationId, phoneE164, Outcome.NOT_FOUND, null);
            throw noPending(displayNumber);
        }
        if (!codes.matches(verification.codeHmac, verification.id.toString(), code)) {
            verification.failedAttempts++;
            published(verification.id, applicationId, phoneE164, Outcome.CODE_INVALID, null);
            throw AuthyException.of(401, "60022", "Verification code is incorrect");
        }
        counters.giveBack(checks);
        verification.verifiedAt = Instant.now();
        verification.codeSealed = null;
        published(verification.id, applicationId, phoneE164, Outcome.CODE_VALID, null);
    }

    /** In the transaction of the start or check (a refused check commits too: dontRollbackOn). */
    private void published(UUID verificationId, long applicationId, String phoneE164, Outcome outcome, String via) {
        outbox.publish(new PhoneVerificationChanged(verificationId, applicationId, PhoneNumbers.callingCodeOfE164(phoneE164),
                outcome, via));
    }
}
