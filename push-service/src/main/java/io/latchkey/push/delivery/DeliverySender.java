package io.latchkey.push.delivery;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.latchkey.events.scheduling.PeriodicJobs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Delivers {@link OutboundDelivery} rows of every {@link DeliveryKind}: at least once, each attempt recorded.
 * A due row is claimed in a short transaction ({@code for update skip locked}, so instances share the work),
 * sent without a transaction (a slow endpoint holds one of {@code concurrency} slots, never a decision), and its
 * outcome recorded in a new one. An application holds at most {@code per-application} slots of an instance, so
 * one whose endpoint is slow or down delays only its own deliveries. Delivered on a 2xx, else tried
 * again after an exponential backoff with jitter, and given up (FAILED, the dead letter) after
 * {@code max-attempts}.
 *
 * <p>Besides what the kind adds, every request carries the Standard Webhooks {@code webhook-id} (the
 * delivery's id, the same on every retry, for de-duplication), {@code webhook-timestamp} and
 * {@code webhook-signature}, keyed by the kind's signing key.
 */
@ApplicationScoped
public class DeliverySender {

    private static final Logger LOG = Logger.getLogger(DeliverySender.class);

    @Inject
    DeliveryConfig config;

    @Inject
    Scheduler scheduler;

    @Inject
    EntityManager entityManager;

    @Inject
    Instance<DeliveryKind> kindBeans;

    private Map<String, DeliveryKind> kinds;
    private HttpClient http;
    private Semaphore slots;
    /** Deliveries being sent by this instance, per application. */
    private final Map<Long, Integer> inFlight = new ConcurrentHashMap<>();

    /** A claimed delivery, with what its sending needs; the signing key only ever in memory, null when refused. */
    public record Claimed(UUID id, long applicationId, int attempt, String kind, String url, String method, String body,
            String key, String refusal) {
    }

    void start(@Observes StartupEvent event) {
        kinds = kindBeans.stream().collect(Collectors.toMap(DeliveryKind::kind, Function.identity()));
        http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        slots = new Semaphore(config.concurrency());
        PeriodicJobs.every(scheduler, "latchkey-outbound-deliveries", config.pollInterval(), () -> sendDue()).schedule();
        PeriodicJobs.every(scheduler, "latchkey-outbound-purge", Duration.ofHours(1),
                () -> QuarkusTransaction.requiringNew().run(() -> purge(Instant.now().minus(config.retention()))))
                .setDelayed("1m").schedule();
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
            LOG.warnf("deliveries not claimed, tried again: %s", e.toString());
            return;
        }
        slots.release(free - claimed.size());
        claimed.forEach(this::send);
    }

    /**
     * The oldest due deliveries, at most {@code per-application} of each application: none of an application whose
     * deliveries already fill its share of this instance's slots, and of one that is sending some, only what fills it.
     */
    private List<Claimed> claim(int max) {
        Instant now = Instant.now();
        int perApplication = config.perApplication();
        Map<Long, Integer> sending = Map.copyOf(inFlight);
        List<Long> full = sending.entrySet().stream().filter(entry -> entry.getValue() >= perApplication)
                .map(Map.Entry::getKey).toList();
        @SuppressWarnings("unchecked")
        List<UUID> due = entityManager.createNativeQuery("""
                select id from outbound_delivery where id in (
                    select id from (
                        select id, application_id, row_number() over (partition by application_id order by next_attempt_at) as rank
                        from outbound_delivery where state = 'PENDING' and next_attempt_at <= ?1) ranked
                    where rank <= ?2 and application_id <> all (cast(?3 as bigint[])))
                order by next_attempt_at limit ?4 for update skip locked""", UUID.class)
                .setParameter(1, now).setParameter(2, perApplication).setParameter(3, full.toArray(Long[]::new))
                .setParameter(4, max).getResultList();
        Map<Long, Integer> taken = new HashMap<>();
        return due.stream().map(id -> (OutboundDelivery) OutboundDelivery.findById(id))
                .filter(delivery -> taken.merge(delivery.applicationId, 1, Integer::sum)
                        + sending.getOrDefault(delivery.applicationId, 0) <= perApplication)
                .map(delivery -> {
                    delivery.attempts++;
                    // a lease: if this instance dies mid-send, another sends it again once the answer is overdue
                    delivery.nextAttemptAt = now.plus(config.timeout()).plusSeconds(30);
                    DeliveryKind kind = kinds.get(delivery.kind);
                    DeliveryKind.Signer signer = kind == null ? new DeliveryKind.Signer(null, "unknown kind " + delivery.kind)
                            : kind.signer(delivery);
                    inFlight.merge(delivery.applicationId, 1, Integer::sum);
                    return new Claimed(delivery.id, delivery.applicationId, delivery.attempts, delivery.kind, delivery.url,
                            delivery.method, delivery.body, signer.key(), signer.refusal());
                }).toList();
    }

    private void send(Claimed delivery) {
        Instant started = Instant.now();
        if (delivery.key() == null) {
            record(delivery, started, null, delivery.refusal(), true);
            return;
        }
        var refusal = DeliveryTargets.refusal(delivery.url(), config.allowPrivateNetworks());
        if (refusal.isPresent()) {
            record(delivery, started, null, refusal.get(), true);
            return;
        }
        HttpRequest request;
        try {
            String timestamp = String.valueOf(started.getEpochSecond());
            DeliveryKind.Outgoing outgoing = kinds.get(delivery.kind()).request(delivery, timestamp);
            request = outgoing.request()
                    .timeout(config.timeout())
                    .header("webhook-id", delivery.id().toString())
                    .header("webhook-timestamp", timestamp)
                    .header("webhook-signature", StandardWebhooks.signature(delivery.key(), delivery.id().toString(),
                            timestamp, outgoing.signedPayload()))
                    .build();
        } catch (RuntimeException e) {
            record(delivery, started, null, "cannot build the request: " + e.getMessage(), true);
            return;
        }
        try {
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null) {
                    record(delivery, started, null, error.getClass().getSimpleName()
                            + (error.getMessage() == null ? "" : ": " + error.getMessage()), false);
                } else {
                    record(delivery, started, response.statusCode(), null, false);
                }
            });
        } catch (RuntimeException e) {
            // every claimed delivery is recorded once: that is what frees its slots
            record(delivery, started, null, e.getClass().getSimpleName(), false);
        }
    }

    /**
     * Deletes delivered and failed deliveries made before {@code cutoff}, with their attempts, and the webhook
     * events made before it that no delivery refers to any more (their redelivery by id ends there).
     */
    public void purge(Instant cutoff) {
        int deliveries = entityManager.createNativeQuery(
                "delete from outbound_delivery where state <> 'PENDING' and created_at < ?1")
                .setParameter(1, cutoff).executeUpdate();
        int events = entityManager.createNativeQuery("""
                delete from webhook_event e where e.occurred_at < ?1
                and not exists (select 1 from outbound_delivery d where d.event_id = e.id)""")
                .setParameter(1, cutoff).executeUpdate();
        if (deliveries + events > 0) {
            LOG.infof("purged %d deliveries and %d webhook events older than %s", deliveries, events, cutoff);
        }
    }

    /** Records the attempt and decides what comes next; frees the slot. */
    private void record(Claimed claimed, Instant started, Integer status, String error, boolean permanent) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                boolean delivered = status != null && status >= 200 && status < 300;
                DeliveryAttempt attempt = new DeliveryAttempt();
                attempt.deliveryId = claimed.id();
                attempt.attempt = claimed.attempt();
                attempt.startedAt = started;
                attempt.latencyMs = Duration.between(started, Instant.now()).toMillis();
                attempt.httpStatus = status;
                attempt.error = truncate(error != null ? error : delivered ? null : "HTTP " + status);
                attempt.persist();
                OutboundDelivery delivery = OutboundDelivery.findById(claimed.id());
                if (delivery == null || !OutboundDelivery.PENDING.equals(delivery.state)) {
                    return;
                }
                Instant now = Instant.now();
                if (delivered) {
                    delivery.state = OutboundDelivery.DELIVERED;
                    delivery.deliveredAt = now;
                    delivery.lastError = null;
                } else if (permanent || delivery.attempts >= config.maxAttempts()) {
                    delivery.state = OutboundDelivery.FAILED;
                    delivery.lastError = attempt.error;
                    LOG.warnf("%s delivery %s given up after %d attempts: %s", delivery.kind.toLowerCase(), delivery.id,
                            delivery.attempts, attempt.error);
                } else {
                    delivery.lastError = attempt.error;
                    delivery.nextAttemptAt = now.plus(backoff(delivery.attempts));
                }
                DeliveryKind kind = kinds.get(delivery.kind);
                if (kind != null) {
                    kind.attempted(delivery, status, delivered);
                }
            });
        } catch (RuntimeException e) {
            // the lease runs out and the delivery is tried again: at least once
            LOG.warnf("delivery %s: outcome not recorded (%s); it will be sent again", claimed.id(), e.toString());
        } finally {
            inFlight.computeIfPresent(claimed.applicationId(), (application, sending) -> sending <= 1 ? null : sending - 1);
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
