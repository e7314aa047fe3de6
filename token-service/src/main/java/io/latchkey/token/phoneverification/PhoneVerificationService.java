package io.latchkey.token.phoneverification;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.token.config.CodePolicy;
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

    public record Started(PhoneVerification verification, Duration expiresIn) {
    }

    /** Stores the code's HMAC and asks the notifier (through the outbox) to send it. */
    @Transactional
    public Started start(long applicationId, String phoneE164, String via, int codeLength, String locale) {
        Instant now = Instant.now();
        PhoneVerification verification = new PhoneVerification();
        verification.id = UUID.randomUUID();
        verification.applicationId = applicationId;
        verification.phoneE164 = phoneE164;
        verification.via = via;
        String code = codes.newCode(codeLength);
        verification.codeHmac = codes.hmac(verification.id.toString(), code);
        verification.createdAt = now;
        verification.expiresAt = now.plus(policy.phoneVerification().lifetime());
        verification.persist();

        DeliveryRequested delivery = new DeliveryRequested(UUID.randomUUID(), applicationId, null,
                "call".equals(via) ? Channel.VOICE : Channel.SMS, phoneE164, locale, Kind.PHONE_VERIFICATION, code, null);
        outbox.publish(Topics.DELIVERIES_REQUESTED, phoneE164,
                Event.of(DeliveryRequested.TYPE, DeliveryRequested.SCHEMA_VERSION, delivery));
        return new Started(verification, Duration.between(now, verification.expiresAt));
    }

    /** A correct code closes the verification; a wrong one leaves it open until it expires. */
    @Transactional
    public void check(long applicationId, String phoneE164, String displayNumber, String code) {
        PhoneVerification verification = PhoneVerification.findPending(applicationId, phoneE164, Instant.now())
                .orElseThrow(() -> AuthyException.of(404, "60023", "No pending verifications for " + displayNumber + " found."));
        if (!codes.matches(verification.codeHmac, verification.id.toString(), code)) {
            throw AuthyException.of(401, "60022", "Verification code is incorrect");
        }
        verification.verifiedAt = Instant.now();
    }
}
