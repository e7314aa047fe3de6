package io.latchkey.user.stats;

import java.time.Instant;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;

/**
 * Counts every authenticated Authy API call answered by this service for {@code app/stats}. Calls
 * answered by token-service and push-service are counted from their events (see StatsConsumers).
 */
public class ApiCallCounter {

    @Inject
    AuthenticatedApplication authenticated;

    @Inject
    MonthlyStats stats;

    @ServerResponseFilter
    public void countAuthenticatedCall() {
        if (authenticated.isPresent()) {
            long applicationId = authenticated.id();
            QuarkusTransaction.requiringNew().run(() -> stats.count(applicationId, Instant.now(), MonthlyCounter.API_CALLS));
        }
    }
}
