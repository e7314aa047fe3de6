package io.latchkey.push.callback;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.projection.applications.ApplicationProjection;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Delivers {@link CallbackDelivery} rows: at least once, each attempt recorded. A due row is claimed in a
 * short transaction ({@code for update skip locked}, so instances share the work), sent without a transaction
 * (a slow endpoint holds one of {@code concurrency} slots, never a decision or another application's
 * callback), and its outcome recorded in a new one: delivered on a 2xx, else tried again after an exponential
 * backoff with jitter, and given up (FAILED, the dead letter) after {@code max-attempts}.
 *
 * <p>Headers: Authy's {@code X-Authy-Signature} and {@code X-Authy-Signature-Nonce} (docs/authy-api.md §3), and
 * the Standard Webhooks {@code webhook-id} (the delivery's id, the same on every retry, for de-duplication),
 * {@code webhook-timestamp} and {@code webhook-signature} ({@code v1,} + base64 HMAC-SHA256 of
 * {@code id.timestamp.payload}, keyed by the application's API key; the payload is the body, or the query of a GET).
 */
@ApplicationScoped
public class CallbackSender {

    private static final Logger LOG = Logger.getLogger(CallbackSender.class);

    @Inject
    CallbackConfig config;

    @Inject
    Scheduler scheduler;

    @Inject
    SecretCipher cipher;

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    private HttpClient http;
    private Semaphore slots;

    /** A claimed delivery, with what its sending needs; the API key only ever in memory. */
    record Claimed(UUID id, int attempt, String url, String method, String body, String apiKey) {
    }

    void start(@Observes StartupEvent event) {
        http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        slots = new Semaphore(config.concurrency());
        scheduler.newJob("latchkey-onetouch-callbacks")
                .setInterval(config.pollInterval().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setSkipPredicate(Scheduled.ApplicationNotRunning.class)
                .setTask(execution -> sendDue())
                .schedule();
    }

    void stop(@Observes ShutdownEvent event) {
        if (http != null) {
            http.shutdownNow();
        }
    }

    /** Claims as many due deliveries as there are free slots and sends them. */
    void sendDue() {
        int free = slots.drainPermits();
        List<Claimed> claimed;
        try {
            claimed = free == 0 ? List.of() : QuarkusTransaction.requiringNew().call(() -> claim(free));
        } catch (RuntimeException e) {
            slots.release(free);
            LOG.warnf("callbacks not claimed, tried again: %s", e.toString());
            return;
        }
        slots.release(free - claimed.size());
        claimed.forEach(this::send);
    }

    private List<Claimed> claim(int max) {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<UUID> due = entityManager.createNativeQuery("""
                select id from callback_delivery where state = 'PENDING' and next_attempt_at <= ?1
                order by next_attempt_at limit ?2 for update skip locked""", UUID.class)
                .setParameter(1, now).setParameter(2, max).getResultList();
        return due.stream().map(id -> {
            CallbackDelivery delivery = CallbackDelivery.findById(id);
            delivery.attempts++;
            // a lease: if this instance dies mid-send, another sends it again once the answer is overdue
            delivery.nextAttemptAt = now.plus(config.timeout()).plusSeconds(30);
            return new Claimed(id, delivery.attempts, delivery.url, delivery.method, delivery.body,
                    apiKey(delivery.applicationId).orElse(null));
        }).toList();
    }

    /** The application's API key, opened only to sign; empty when the application is gone or its key is not sealed. */
    private Optional<String> apiKey(long applicationId) {
        return ApplicationProjection.<ApplicationProjection> findByIdOptional(applicationId)
                .filter(application -> application.apiKeyCiphertext != null)
                .flatMap(application -> cipher.openStringIfPossible(application.apiKeyCiphertext,
                        ApplicationChanged.SealingContexts.apiKey(applicationId)));
    }

    private void send(Claimed delivery) {
        Instant started = Instant.now();
        Optional<String> refusal = delivery.apiKey() == null ? Optional.of("the application's API key cannot be opened")
                : CallbackTargets.refusal(delivery.url(), config.allowPrivateNetworks());
        if (refusal.isPresent()) {
            record(delivery, started, null, refusal.get(), true);
            return;
        }
        HttpRequest request;
        try {
            request = request(delivery, started);
        } catch (RuntimeException e) {
            record(delivery, started, null, "cannot build the request: " + e.getMessage(), true);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                record(delivery, started, null, error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : ": " + error.getMessage()), false);
            } else {
                record(delivery, started, response.statusCode(), null, false);
            }
        });
    }

    private HttpRequest request(Claimed delivery, Instant now) {
        JsonNode parameters;
        try {
            parameters = json.readTree(delivery.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored callback is not JSON", e);
        }
        String nonce = String.valueOf(now.getEpochSecond());
        String signature = CallbackSignature.sign(delivery.apiKey(), nonce, delivery.method(), delivery.url(), parameters);
        boolean get = "GET".equals(delivery.method());
        String query = get ? CallbackSignature.query(parameters) : null;
        String payload = get ? query : delivery.body();
        HttpRequest.Builder builder = HttpRequest.newBuilder()
                .uri(URI.create(get ? delivery.url() + (delivery.url().contains("?") ? "&" : "?") + query : delivery.url()))
                .timeout(config.timeout())
                .header("X-Authy-Signature", signature)
                .header("X-Authy-Signature-Nonce", nonce)
                .header("webhook-id", delivery.id().toString())
                .header("webhook-timestamp", nonce)
                .header("webhook-signature", "v1," + CallbackSignature.hmac(delivery.apiKey(), delivery.id() + "." + nonce + "." + payload))
                .header("User-Agent", "Latchkey-OneTouch-Callback");
        return get ? builder.GET().build()
                : builder.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8)).build();
    }

    /** Records the attempt and decides what comes next; frees the slot. */
    private void record(Claimed claimed, Instant started, Integer status, String error, boolean permanent) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                CallbackAttempt attempt = new CallbackAttempt();
                attempt.deliveryId = claimed.id();
                attempt.attempt = claimed.attempt();
                attempt.startedAt = started;
                attempt.latencyMs = Duration.between(started, Instant.now()).toMillis();
                attempt.httpStatus = status;
                attempt.error = truncate(error != null ? error : status >= 200 && status < 300 ? null : "HTTP " + status);
                attempt.persist();
                CallbackDelivery delivery = CallbackDelivery.findById(claimed.id());
                if (delivery == null || !CallbackDelivery.PENDING.equals(delivery.state)) {
                    return;
                }
                Instant now = Instant.now();
                if (status != null && status >= 200 && status < 300) {
                    delivery.state = CallbackDelivery.DELIVERED;
                    delivery.deliveredAt = now;
                    delivery.lastError = null;
                } else if (permanent || delivery.attempts >= config.maxAttempts()) {
                    delivery.state = CallbackDelivery.FAILED;
                    delivery.lastError = attempt.error;
                    LOG.warnf("callback %s for approval request %s given up after %d attempts: %s", delivery.id,
                            delivery.approvalUuid, delivery.attempts, attempt.error);
                } else {
                    delivery.lastError = attempt.error;
                    delivery.nextAttemptAt = now.plus(backoff(delivery.attempts));
                }
            });
        } catch (RuntimeException e) {
            // the lease runs out and the delivery is tried again: at least once
            LOG.warnf("callback %s: outcome not recorded (%s); it will be sent again", claimed.id(), e.toString());
        } finally {
            slots.release();
        }
    }

    /** Exponential, capped, with jitter: half the step fixed, half random, so that retries of many do not align. */
    private Duration backoff(int attempts) {
        long initial = config.initialBackoff().toMillis();
        long step = Math.min(config.maxBackoff().toMillis(), initial << Math.min(attempts - 1, 30));
        return Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
