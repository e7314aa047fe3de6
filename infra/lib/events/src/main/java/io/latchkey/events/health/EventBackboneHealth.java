package io.latchkey.events.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.latchkey.events.TopicsInitializer;
import io.latchkey.events.broker.BrokerStatus;
import io.latchkey.events.consumer.IncomingEvents;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The "degraded" report ({@code /q/health/well}, docs/operations.md "Health"): DOWN while the service
 * answers but its event backbone does not work as it should. The broker does not answer, its topics
 * are not created yet, a consumer is retrying an event, outbox rows wait longer than
 * {@code latchkey.health.outbox-lag} or were parked. None of these takes the service out of rotation
 * (readiness follows the database only); an operator alerts on this check and on its metrics.
 */
@Wellness
@ApplicationScoped
public class EventBackboneHealth implements HealthCheck {

    @Inject
    BrokerStatus broker;

    @Inject
    TopicsInitializer topics;

    @Inject
    IncomingEvents incoming;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "latchkey.health.outbox-lag", defaultValue = "30s")
    Duration outboxLag;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder report = HealthCheckResponse.named("event backbone");
        boolean well = true;
        if (!broker.available()) {
            well = false;
            report.withData("broker", "not answering since " + broker.unavailableSince().map(Instant::toString).orElse("?"));
            broker.lastFailure().ifPresent(failure -> report.withData("broker_failure", failure));
        }
        if (!topics.created()) {
            well = false;
            report.withData("topics", "not created yet");
        }
        Map<String, Instant> retrying = incoming.retrying();
        if (!retrying.isEmpty()) {
            well = false;
            retrying.forEach((consumer, since) -> report.withData("consumer " + consumer, "retrying an event since " + since));
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select count(*) filter (where sent_at is null and parked_at is null),
                               min(created_at) filter (where sent_at is null and parked_at is null),
                               count(*) filter (where parked_at is not null and sent_at is null)
                        from outbox_message where sent_at is null""");
                ResultSet row = query.executeQuery()) {
            row.next();
            long pending = row.getLong(1);
            java.sql.Timestamp oldest = row.getTimestamp(2);
            long parked = row.getLong(3);
            report.withData("outbox_pending", pending);
            if (oldest != null && oldest.toInstant().isBefore(Instant.now().minus(outboxLag))) {
                well = false;
                report.withData("outbox_oldest_pending", oldest.toInstant().toString());
            }
            if (parked > 0) {
                well = false;
                report.withData("outbox_parked", parked);
            }
        } catch (SQLException e) {
            well = false;
            report.withData("database", "not answering: " + e.getClass().getSimpleName());
        }
        return report.status(well).build();
    }
}
