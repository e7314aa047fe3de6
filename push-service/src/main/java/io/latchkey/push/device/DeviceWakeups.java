package io.latchkey.push.device;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Long-polls parked on this instance, by user, and what wakes them: every instance reads the {@code approvals}
 * and {@code devices.notifications} topics in a consumer group of its own (a broadcast), so that a request
 * created, or a nudge asked for, on any instance wakes a device waiting on this one. A parked poll is a
 * future in a map: no thread is held while it waits.
 */
@ApplicationScoped
public class DeviceWakeups {

    private final Map<Long, Set<CompletableFuture<Void>>> parked = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    @Inject
    MeterRegistry metrics;

    @PostConstruct
    void gauge() {
        metrics.gauge("latchkey.onetouch.parked.polls", count);
    }

    /** A future completed at the next wake-up of this user's devices; register it before looking at the database. */
    public CompletableFuture<Void> park(long authyId) {
        CompletableFuture<Void> wakeup = new CompletableFuture<>();
        parked.computeIfAbsent(authyId, id -> ConcurrentHashMap.newKeySet()).add(wakeup);
        count.incrementAndGet();
        wakeup.whenComplete((ignored, error) -> {
            count.decrementAndGet();
            parked.computeIfPresent(authyId, (id, waiting) -> {
                waiting.remove(wakeup);
                return waiting.isEmpty() ? null : waiting;
            });
        });
        return wakeup;
    }

    public int parkedCount() {
        return count.get();
    }

    /** Keyed by authy_id, both topics: the value is not read, the key says whose devices to wake. */
    @Incoming("device-wakeups")
    public void onEvent(ConsumerRecord<String, String> record) {
        if (record.key() != null && record.key().matches("\\d{1,18}")) {
            Set<CompletableFuture<Void>> waiting = parked.get(Long.parseLong(record.key()));
            if (waiting != null) {
                waiting.forEach(wakeup -> wakeup.complete(null));
            }
        }
    }
}
