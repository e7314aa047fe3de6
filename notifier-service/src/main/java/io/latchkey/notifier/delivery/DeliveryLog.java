package io.latchkey.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.phone.PhoneNumbers;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.deliveries.DeliveryStatusChanged;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.notifier.config.NotifierConfig;
import io.latchkey.notifier.delivery.DeliveryAttempt.Outcome;
import io.latchkey.notifier.guard.FraudGuard;
import io.latchkey.notifier.provider.MessageProvider;
import io.latchkey.notifier.provider.OutgoingMessage;
import io.latchkey.notifier.provider.ProviderException;
import io.latchkey.notifier.template.MessageRenderer;
import io.latchkey.projection.applications.ApplicationProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The delivery log's transitions, each one transaction that changes the row and writes its
 * {@code deliveries.status} event to the outbox together. The provider is called between them,
 * never inside one: an attempt is first claimed and committed ({@link #admit}, {@link #claimDue}),
 * then sent, then its outcome recorded. A crash after the claim leaves a marked row that
 * {@link #failAbandoned} fails later; it is never sent a second time.
 */
@ApplicationScoped
public class DeliveryLog {

    private static final Logger LOG = Logger.getLogger(DeliveryLog.class);
    static final String OUTCOME_UNKNOWN = "outcome-unknown";
    static final String UNSEALABLE = "request-unreadable";
    static final String CODE_UNREADABLE = "code-unreadable";

    /** One try at sending: the row's id, which try it is, the request and its rendered message. */
    public record Attempt(UUID deliveryId, int number, DeliveryRequested request, OutgoingMessage message) {
    }

    private final SecureRandom random = new SecureRandom();

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    FraudGuard guard;

    @Inject
    MessageRenderer renderer;

    @Inject
    MessageProvider provider;

    @Inject
    NotifierConfig config;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    Instance<SecretCipher> cipher;

    /**
     * The first sight of requests: a delivery id seen before is ignored (the consumer's
     * idempotency); one the guard refuses is logged REJECTED; any other is logged and claimed for
     * its first attempt, which is returned.
     */
    @Transactional
    public List<Attempt> admit(List<DeliveryRequested> requests) {
        // one transaction for a poll's requests: under load its statements and its commit serve many messages
        List<Attempt> attempts = new ArrayList<>(requests.size());
        for (DeliveryRequested request : requests) {
            admit(request).ifPresent(attempts::add);
        }
        return attempts;
    }

    private Optional<Attempt> admit(DeliveryRequested sealed) {
        if (Delivery.findById(sealed.deliveryId()) != null) {
            metrics.duplicate();
            LOG.debugf("delivery %s already handled, not sent again", sealed.deliveryId());
            return Optional.empty();
        }
        Optional<DeliveryRequested> opened = openCode(sealed);
        DeliveryRequested request = opened.orElse(sealed);
        Instant now = Instant.now();
        ApplicationProjection application = ApplicationProjection.findById(request.applicationId());
        Optional<String> region = PhoneNumbers.regionOfValidE164(request.destination());
        String locale = MessageRenderer.resolveLocale(request.locale(), application == null ? null : application.defaultLocale,
                region.orElse(null));

        Delivery delivery = new Delivery();
        delivery.id = request.deliveryId();
        delivery.applicationId = request.applicationId();
        delivery.authyId = request.authyId();
        delivery.channel = request.channel();
        // kept even when it is garbage, so that its rejection is on record (E.164 needs 16 of the 20 characters)
        delivery.destination = request.destination() == null ? ""
                : request.destination().substring(0, Math.min(20, request.destination().length()));
        delivery.locale = locale;
        delivery.kind = request.kind();
        delivery.provider = provider.name();
        delivery.createdAt = now;
        delivery.updatedAt = now;

        Optional<String> refusal = (opened.isEmpty() ? Optional.of(CODE_UNREADABLE) : unsendable(request))
                .or(() -> guard.check(request.destination(), region, application, now));
        if (refusal.isPresent()) {
            delivery.status = Status.REJECTED;
            delivery.errorCode = refusal.get();
            delivery.persist();
            publish(delivery);
            return Optional.empty();
        }
        delivery.status = Status.QUEUED;
        delivery.attempts = 1;
        delivery.attemptStartedAt = now;
        delivery.persist();
        DeliveryAttempt.start(delivery.id, 1, now);
        return Optional.of(new Attempt(delivery.id, 1, request, message(request, locale, application)));
    }

    @Transactional
    public void recordSent(Attempt attempt, String providerMessageId) {
        Delivery delivery = lockedDelivery(attempt.deliveryId());
        delivery.providerMessageId = providerMessageId;
        DeliveryAttempt tried = finish(delivery, attempt.number(), Outcome.SENT);
        tried.providerMessageId = providerMessageId;
        if (rank(delivery.status) >= rank(Status.SENT)) {
            // the provider's callback was quicker than this commit and already said more than "sent"
            settle(delivery, delivery.status);
            return;
        }
        delivery.errorCode = null;
        settle(delivery, Status.SENT);
        publish(delivery);
    }

    /** A transient failure within the budget is rescheduled (request sealed); anything else fails the delivery. */
    @Transactional
    public void recordFailure(Attempt attempt, ProviderException failure) {
        Delivery delivery = lockedDelivery(attempt.deliveryId());
        if (rank(delivery.status) >= rank(Status.SENT)) {
            // the provider's callback already proved the message went out (the failure was a lost answer):
            // sending again would deliver a second message
            LOG.infof("delivery %s: attempt reported %s but the provider already said %s; not retried", delivery.id,
                    failure.errorCode(), delivery.status);
            finish(delivery, attempt.number(), Outcome.SENT).errorCode = truncate(failure.errorCode());
            return;
        }
        delivery.errorCode = truncate(failure.errorCode());
        DeliveryAttempt tried = finish(delivery, attempt.number(), Outcome.FAILED);
        tried.errorCode = delivery.errorCode;
        boolean budgetLeft = delivery.attempts < config.retry().maxAttempts();
        if (failure.isTransient() && budgetLeft) {
            Optional<String> sealed = seal(attempt.request());
            if (sealed.isPresent()) {
                Duration wait = Backoff.after(config.retry(), delivery.attempts, random::nextDouble);
                delivery.status = Status.QUEUED;
                delivery.attemptStartedAt = null;
                delivery.sealedRequest = sealed.get();
                delivery.nextAttemptAt = Instant.now().plus(wait);
                delivery.updatedAt = Instant.now();
                LOG.infof("delivery %s to %s: attempt %d failed (%s), next in %d ms", delivery.id,
                        PhoneMasks.forLog(delivery.destination), delivery.attempts, delivery.errorCode, wait.toMillis());
                if (delivery.attempts == 1) {
                    publish(delivery); // queued: consumers learn it is late, and why
                }
                return;
            }
        }
        settle(delivery, Status.FAILED);
        publish(delivery);
        if (failure.isTransient()) {
            deadLetter(attempt.request(), delivery);
            LOG.warnf("delivery %s to %s failed after %d attempts (%s), request dead-lettered", delivery.id,
                    PhoneMasks.forLog(delivery.destination), delivery.attempts, delivery.errorCode);
        } else {
            LOG.infof("delivery %s to %s refused by the provider (%s), not retried", delivery.id,
                    PhoneMasks.forLog(delivery.destination), delivery.errorCode);
        }
    }

    /** Claims up to {@code limit} due retries (rows locked by another instance are skipped) for their next attempt. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Attempt> claimDue(int limit) {
        List<UUID> ids = entityManager.createNativeQuery("""
                select id from delivery
                where status = 'QUEUED' and attempt_started_at is null and next_attempt_at <= now()
                order by next_attempt_at limit ?1 for update skip locked""", UUID.class)
                .setParameter(1, limit)
                .getResultList();
        List<Attempt> attempts = new ArrayList<>();
        for (UUID id : ids) {
            Delivery delivery = Delivery.findById(id);
            // kept with its code opened; a request kept by an older version may still hold it sealed
            Optional<DeliveryRequested> request = open(delivery).flatMap(this::openCode);
            if (request.isEmpty()) {
                delivery.errorCode = UNSEALABLE;
                settle(delivery, Status.FAILED);
                publish(delivery);
                continue;
            }
            delivery.attempts++;
            delivery.attemptStartedAt = Instant.now();
            delivery.updatedAt = delivery.attemptStartedAt;
            DeliveryAttempt.start(id, delivery.attempts, delivery.attemptStartedAt);
            ApplicationProjection application = ApplicationProjection.findById(delivery.applicationId);
            attempts.add(new Attempt(id, delivery.attempts, request.get(),
                    message(request.get(), delivery.locale, application)));
        }
        return attempts;
    }

    /** Attempts that never recorded an outcome (the process died mid-send) fail: sending again could send twice. */
    @Transactional
    public int failAbandoned(Instant startedBefore) {
        List<Delivery> abandoned = Delivery.list("attemptStartedAt < ?1", startedBefore);
        for (Delivery delivery : abandoned) {
            if (delivery.status != Status.QUEUED) {
                // the provider's callback already told what happened; only the marker was left behind
                settle(delivery, delivery.status);
                continue;
            }
            LOG.warnf("delivery %s: attempt %d started at %s never finished; failed, not resent", delivery.id,
                    delivery.attempts, delivery.attemptStartedAt);
            DeliveryAttempt cutOff = DeliveryAttempt.of(delivery, delivery.attempts);
            cutOff.outcome = Outcome.UNKNOWN;
            cutOff.errorCode = OUTCOME_UNKNOWN;
            delivery.errorCode = OUTCOME_UNKNOWN;
            settle(delivery, Status.FAILED);
            publish(delivery);
        }
        return abandoned.size();
    }

    /**
     * A provider's later news (Twilio status callback). Only forward: callbacks arrive out of order,
     * and a late "sent" must not undo "delivered".
     *
     * @param deliveryId the delivery named in the callback URL; null to find it by {@code providerMessageId}
     * @return false when there is no such delivery
     */
    @Transactional
    public boolean onProviderStatus(UUID deliveryId, String providerMessageId, Status status, String errorCode) {
        Delivery delivery = deliveryId != null
                ? lockedDelivery(deliveryId)
                : Delivery.<Delivery> find("providerMessageId", providerMessageId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (delivery == null) {
            return false;
        }
        if (delivery.providerMessageId == null) {
            delivery.providerMessageId = providerMessageId; // the callback overtook the send's own commit
        }
        if (rank(status) <= rank(delivery.status)) {
            return true;
        }
        delivery.status = status;
        if (errorCode != null && !errorCode.isBlank()) {
            delivery.errorCode = truncate(errorCode);
        }
        delivery.updatedAt = Instant.now();
        if (delivery.attempts > 0) {
            // only the last attempt can have reached the provider: none follows one it took
            DeliveryAttempt sent = DeliveryAttempt.of(delivery, delivery.attempts);
            sent.outcome = switch (status) {
                case QUEUED, SENT -> Outcome.SENT;
                case DELIVERED -> Outcome.DELIVERED;
                case UNDELIVERED -> Outcome.UNDELIVERED;
                case FAILED, REJECTED -> Outcome.FAILED;
            };
            sent.providerMessageId = delivery.providerMessageId;
            if (errorCode != null && !errorCode.isBlank()) {
                sent.errorCode = delivery.errorCode;
            }
        }
        publish(delivery);
        return true;
    }

    /**
     * The attempt's end as the sender saw it. A status callback that overtook the sender's commit may have said more
     * already (delivered, undelivered): that stays.
     */
    private static DeliveryAttempt finish(Delivery delivery, int number, Outcome outcome) {
        DeliveryAttempt attempt = DeliveryAttempt.of(delivery, number);
        attempt.finishedAt = Instant.now();
        if (attempt.outcome == Outcome.SENDING) {
            attempt.outcome = outcome;
        }
        return attempt;
    }

    /** Sender and status callbacks race on one row: the lock makes "only forward" hold. */
    private static Delivery lockedDelivery(UUID deliveryId) {
        return Delivery.findById(deliveryId, LockModeType.PESSIMISTIC_WRITE);
    }

    private static int rank(Status status) {
        return switch (status) {
            case QUEUED -> 0;
            case SENT -> 1;
            case DELIVERED, UNDELIVERED, FAILED, REJECTED -> 2;
        };
    }

    private void settle(Delivery delivery, Status status) {
        delivery.status = status;
        delivery.attemptStartedAt = null;
        delivery.nextAttemptAt = null;
        delivery.sealedRequest = null;
        delivery.updatedAt = Instant.now();
    }

    private OutgoingMessage message(DeliveryRequested request, String locale, ApplicationProjection application) {
        String appName = application != null ? application.name : config.fallbackAppName();
        MessageRenderer.Rendered rendered = renderer.render(request, locale, appName);
        return new OutgoingMessage(request.deliveryId(), request.channel(), request.destination(), rendered.text(),
                rendered.locale(), rendered.voice());
    }

    /**
     * The request with its code opened (schema 2 seals it; a schema 1 request from before an upgrade
     * has it in clear). Empty when the sealed code does not open (its key was removed from the key
     * list): the delivery is rejected, and the user asks for a new code.
     */
    private Optional<DeliveryRequested> openCode(DeliveryRequested request) {
        if (request.sealedCode() == null) {
            return Optional.of(request);
        }
        try {
            return Optional.of(request.withOpenedCode(cipher.get().openString(request.sealedCode(),
                    DeliveryRequested.codeSealingContext(request.deliveryId()))));
        } catch (RuntimeException e) {
            LOG.warnf("delivery %s: the sealed code does not open (%s); rejected", request.deliveryId(),
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Requests that no provider could turn into a sensible message. */
    private static Optional<String> unsendable(DeliveryRequested request) {
        boolean hasCode = request.code() != null && request.code().matches("\\d{1,16}");
        if (request.kind() == Kind.INSTALL_LINK) {
            if (request.channel() == Channel.VOICE) {
                return Optional.of("link-not-speakable");
            }
            return request.actionMessage() == null || request.actionMessage().isBlank()
                    ? Optional.of("missing-link")
                    : Optional.empty();
        }
        return hasCode ? Optional.empty() : Optional.of("missing-code");
    }

    private void publish(Delivery delivery) {
        outbox.publish(new DeliveryStatusChanged(delivery.id, delivery.applicationId, delivery.authyId, delivery.status,
                delivery.provider, delivery.providerMessageId, delivery.errorCode));
        metrics.status(delivery);
    }

    /** The code is removed: it expires within minutes, and a dead-letter topic is read by people. */
    private void deadLetter(DeliveryRequested request, Delivery delivery) {
        outbox.publishTo(config.retry().deadLetterTopic(), request.withoutCode());
    }

    private Optional<String> seal(DeliveryRequested request) {
        try {
            String json = EventJson.write(Event.of(request));
            return Optional.of(cipher.get().seal(json, sealingContext(request.deliveryId())));
        } catch (RuntimeException e) {
            // without a key the code cannot be kept for later; failing now beats storing it in the clear
            LOG.warnf("delivery %s cannot be kept for a retry (%s); set LATCHKEY_CRYPTO_KEYS", request.deliveryId(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<DeliveryRequested> open(Delivery delivery) {
        if (delivery.sealedRequest == null) {
            return Optional.empty();
        }
        try {
            String json = new String(cipher.get().open(delivery.sealedRequest, sealingContext(delivery.id)),
                    StandardCharsets.UTF_8);
            return Optional.of(EventJson.read(json, DeliveryRequested.class).payload());
        } catch (RuntimeException e) {
            LOG.warnf("delivery %s: the pending request cannot be opened (%s)", delivery.id, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static String sealingContext(UUID deliveryId) {
        return "delivery-request:" + deliveryId;
    }

    private static String truncate(String code) {
        return code == null || code.length() <= 64 ? code : code.substring(0, 64);
    }
}
