package io.latchkey.push.webhook;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.crypto.ApiKeys;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.push.delivery.DeliveryConfig;
import io.latchkey.push.delivery.DeliveryTargets;
import io.latchkey.push.delivery.OutboundDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * An application's webhooks: created, listed and deleted through the dashboard API, fed with the platform's
 * events (each event becomes one {@link OutboundDelivery} per subscribed webhook, delivered by the same
 * sender as OneTouch callbacks), disabled when their endpoint is gone or keeps failing, and looked after by
 * operators (redelivery, test events, enabling again).
 */
@ApplicationScoped
public class Webhooks {

    private static final Logger LOG = Logger.getLogger(Webhooks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object APPLICATIONS_WITH_WEBHOOKS = new Object();

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    SecretCipher cipher;

    @Inject
    WebhookConfig config;

    @Inject
    DeliveryConfig deliveries;

    /** A new webhook and its signing key, which only the create answer (and the list) shows. */
    public record Created(Webhook webhook, String signingKey) {
    }

    /** An event of the platform, as a webhook receives it. */
    public record PlatformEvent(UUID id, long applicationId, String name, ObjectNode claims, Instant occurredAt) {
    }

    @Transactional
    public Created create(ApplicationProjection application, String name, String url, List<String> events) {
        if (name.isBlank() || name.length() > 100) {
            throw creationError("name", name.isBlank() ? "Parameter is required" : "must be at most 100 characters");
        }
        validateUrl(url);
        Set<String> names = new LinkedHashSet<>();
        for (String event : events) {
            if (!WebhookEventNames.ACCEPTED.contains(event.trim())) {
                throw creationError("events", "unknown event '" + event + "'");
            }
            names.add(event.trim());
        }
        if (names.isEmpty()) {
            throw creationError("events", "Parameter is required");
        }
        if (Webhook.ofApplication(application.applicationId).size() >= config.maxPerApplication()) {
            throw creationError("webhooks", "an application has at most " + config.maxPerApplication() + " webhooks");
        }
        Webhook webhook = new Webhook();
        webhook.id = "WH_" + HexFormat.of().formatHex(randomBytes(16));
        webhook.applicationId = application.applicationId;
        webhook.name = name;
        webhook.url = url;
        webhook.events = String.join(",", names);
        String signingKey = "WSK_" + ApiKeys.generate();
        webhook.signingKeyCiphertext = cipher.seal(signingKey, Webhook.signingKeyContext(webhook.id));
        webhook.state = Webhook.ENABLED;
        // whole microseconds: what PostgreSQL keeps, so that the answer and a later list agree
        webhook.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        webhook.persist();
        return new Created(webhook, signingKey);
    }

    private void validateUrl(String url) {
        if (url.isBlank()) {
            throw creationError("url", "Parameter is required");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw creationError("url", "is not a URL");
        }
        if (!uri.isAbsolute() || url.length() > 2048) {
            throw creationError("url", "must be an absolute http(s) URL");
        }
        DeliveryTargets.refusal(url, deliveries.allowPrivateNetworks()).ifPresent(reason -> {
            throw creationError("url", reason);
        });
    }

    private static AuthyException creationError(String field, String reason) {
        return AuthyException.of(400, "60098", "Webhook creation error: " + field + " - " + reason).withFieldError(field, reason);
    }

    @Transactional
    public List<Map<String, Object>> list(ApplicationProjection application) {
        return Webhook.ofApplication(application.applicationId).stream()
                .map(webhook -> view(webhook, cipher.openStringIfPossible(webhook.signingKeyCiphertext,
                        Webhook.signingKeyContext(webhook.id)).orElse(null)))
                .toList();
    }

    /** Deletes it (kept as DELETED, so that its deliveries stay explained); what it still owed is not sent. */
    @Transactional
    public void delete(ApplicationProjection application, String webhookId) {
        Webhook webhook = Webhook.<Webhook> findByIdOptional(webhookId)
                .filter(found -> found.applicationId == application.applicationId && !Webhook.DELETED.equals(found.state))
                .orElseThrow(() -> AuthyException.of(404, "60100", "Webhook deletion error: webhook not found"));
        webhook.state = Webhook.DELETED;
        failPending(webhook, "webhook deleted");
    }

    /** The webhook object of docs/authy-api.md row 20, in Authy's key order. */
    static Map<String, Object> view(Webhook webhook, String signingKey) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", webhook.id);
        view.put("name", webhook.name);
        // there is no Twilio account: a stable stand-in made of the application id, and the application as the service
        view.put("account_sid", "AC" + String.format("%032x", webhook.applicationId));
        view.put("service_id", String.valueOf(webhook.applicationId));
        view.put("url", webhook.url);
        view.put("signing_key", signingKey);
        view.put("events", webhook.eventNames());
        view.put("creation_date", webhook.createdAt.toString());
        return view;
    }

    /**
     * Whether the application has a webhook that was not deleted: one that is disabled may be enabled again, and
     * an event it missed meanwhile stays missed (its processed-event row says so) even when Kafka hands it over
     * again. The applications that have one are read once per transaction: the webhook consumer asks for each
     * event of a batch it applies in one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean anyWebhook(long applicationId) {
        @SuppressWarnings("unchecked")
        Set<Long> withWebhooks = (Set<Long>) transactions.getResource(APPLICATIONS_WITH_WEBHOOKS);
        if (withWebhooks == null) {
            withWebhooks = Set.copyOf(Webhook.applicationsWithWebhooks());
            transactions.putResource(APPLICATIONS_WITH_WEBHOOKS, withWebhooks);
        }
        return withWebhooks.contains(applicationId);
    }

    /** Whether an enabled webhook of the application subscribes to {@code name} and existed at {@code occurredAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean wanted(long applicationId, String name, Instant occurredAt) {
        return !targets(applicationId, name, occurredAt).isEmpty();
    }

    private static List<Webhook> targets(long applicationId, String name, Instant occurredAt) {
        return Webhook.ofApplication(applicationId).stream()
                .filter(webhook -> Webhook.ENABLED.equals(webhook.state) && webhook.subscribesTo(name)
                        && !occurredAt.isBefore(webhook.createdAt))
                .toList();
    }

    /**
     * Writes one delivery of {@code event} per enabled webhook of its application that subscribes to it and
     * existed when it happened; keeps the event for redelivery when there is any. In the consumer's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deliver(PlatformEvent event) {
        List<Webhook> targets = targets(event.applicationId(), event.name(), event.occurredAt());
        if (targets.isEmpty()) {
            return;
        }
        WebhookEvent stored = keep(event);
        targets.forEach(webhook -> enqueue(webhook, stored));
    }

    /** "Send a test event": a {@code webhook_test} event to this webhook only, whatever it subscribes to. */
    @Transactional
    public OutboundDelivery sendTest(String webhookId, ObjectNode claims) {
        Webhook webhook = existing(webhookId);
        return enqueue(webhook, keep(new PlatformEvent(UUID.fromString(claims.path("request").path("id").asText()),
                webhook.applicationId, WebhookEventNames.TEST, claims, Instant.now())));
    }

    /** Sends a past event to the webhook again, under the same {@code webhook-id} (receivers de-duplicate on it). */
    @Transactional
    public OutboundDelivery redeliver(String webhookId, UUID eventId) {
        Webhook webhook = existing(webhookId);
        Optional<OutboundDelivery> earlier = OutboundDelivery.find("webhookId = ?1 and eventId = ?2", webhookId, eventId)
                .firstResultOptional();
        if (earlier.isPresent()) {
            earlier.get().redeliver();
            return earlier.get();
        }
        WebhookEvent event = WebhookEvent.<WebhookEvent> findByIdOptional(eventId)
                .filter(found -> found.applicationId == webhook.applicationId)
                .orElseThrow(() -> AuthyException.notFound("webhook event"));
        return enqueue(webhook, event);
    }

    @Transactional
    public Webhook enable(String webhookId) {
        Webhook webhook = existing(webhookId);
        webhook.state = Webhook.ENABLED;
        webhook.failingSince = null;
        webhook.disabledAt = null;
        webhook.disabledReason = null;
        return webhook;
    }

    /**
     * After each attempt of a webhook delivery, in its transaction: a success clears the failure streak; an
     * answer 410 Gone disables the webhook at once; failing every attempt for {@code disable-after} disables it.
     */
    void attempted(OutboundDelivery delivery, Integer httpStatus, boolean delivered) {
        Webhook webhook = Webhook.findById(delivery.webhookId);
        if (webhook == null || !Webhook.ENABLED.equals(webhook.state)) {
            return;
        }
        Instant now = Instant.now();
        if (delivered) {
            webhook.failingSince = null;
        } else if (httpStatus != null && httpStatus == 410) {
            disable(webhook, delivery, "the endpoint answered 410 Gone");
        } else if (webhook.failingSince == null) {
            webhook.failingSince = now;
        } else if (!now.isBefore(webhook.failingSince.plus(config.disableAfter()))) {
            disable(webhook, delivery, "every attempt failed since " + webhook.failingSince + " (last: " + delivery.lastError + ")");
        }
    }

    private void disable(Webhook webhook, OutboundDelivery current, String reason) {
        webhook.state = Webhook.DISABLED;
        webhook.disabledAt = Instant.now();
        webhook.disabledReason = reason;
        LOG.warnf("webhook %s of application %d disabled: %s", webhook.id, webhook.applicationId, reason);
        if (OutboundDelivery.PENDING.equals(current.state)) {
            current.state = OutboundDelivery.FAILED;
            current.lastError = "webhook disabled: " + reason;
        }
        failPending(webhook, "webhook disabled: " + reason);
    }

    private static void failPending(Webhook webhook, String reason) {
        OutboundDelivery.update("state = ?1, lastError = ?2 where webhookId = ?3 and state = ?4", OutboundDelivery.FAILED,
                reason.length() > 500 ? reason.substring(0, 500) : reason, webhook.id, OutboundDelivery.PENDING);
    }

    private static Webhook existing(String webhookId) {
        return Webhook.<Webhook> findByIdOptional(webhookId).filter(found -> !Webhook.DELETED.equals(found.state))
                .orElseThrow(() -> AuthyException.notFound("webhook"));
    }

    private static WebhookEvent keep(PlatformEvent event) {
        WebhookEvent stored = WebhookEvent.findById(event.id());
        if (stored == null) {
            stored = new WebhookEvent();
            stored.id = event.id();
            stored.applicationId = event.applicationId();
            stored.name = event.name();
            stored.claims = event.claims().toString();
            stored.occurredAt = event.occurredAt();
            stored.persist();
        }
        return stored;
    }

    private static OutboundDelivery enqueue(Webhook webhook, WebhookEvent event) {
        OutboundDelivery delivery = OutboundDelivery.due(OutboundDelivery.WEBHOOK, webhook.applicationId, webhook.url, "POST",
                event.claims);
        delivery.webhookId = webhook.id;
        delivery.eventId = event.id;
        delivery.persist();
        return delivery;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
