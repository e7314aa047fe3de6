package io.latchkey.user.stats;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Counts every authenticated Authy API call answered by this service for {@code app/stats}. Counts are
 * kept in memory and written every few seconds: one upsert per application and month per flush, not
 * per request, so calls never queue on a statistics row and a statistics failure never fails a call.
 * Calls answered by token-service are counted from their events (VerificationsConsumer, DeliveryRequestsConsumer).
 */
@ApplicationScoped
public class ApiCallCounter {

    private static final Logger LOG = Logger.getLogger(ApiCallCounter.class);

    private record Key(long applicationId, YearMonth month) {
    }

    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();

    @Inject
    AuthenticatedApplication authenticated;

    @Inject
    MonthlyStats stats;

    @ServerResponseFilter
    public void countAuthenticatedCall() {
        if (authenticated.isPresent()) {
            Key key = new Key(authenticated.id(), YearMonth.now(ZoneOffset.UTC));
            pending.computeIfAbsent(key, any -> new LongAdder()).increment();
        }
    }

    @Scheduled(every = "${latchkey.stats.flush-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        for (Map.Entry<Key, LongAdder> entry : pending.entrySet()) {
            long calls = entry.getValue().sumThenReset();
            if (calls == 0) {
                continue;
            }
            Key key = entry.getKey();
            try {
                QuarkusTransaction.requiringNew().run(() -> stats.add(key.applicationId(), key.month(), MonthlyCounter.API_CALLS, calls));
            } catch (RuntimeException e) {
                entry.getValue().add(calls); // kept for the next flush
                LOG.warnf("api call counts for application %d not written yet: %s", key.applicationId(), e.toString());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        flush();
    }
}
