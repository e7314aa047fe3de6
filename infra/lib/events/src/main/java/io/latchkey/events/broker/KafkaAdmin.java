package io.latchkey.events.broker;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The service's one Kafka admin client (broker probe, catch-up offsets, the outbox's topic list),
 * made on first use. Callers bound each call themselves ({@code future.get(timeout)}); the client's
 * own request timeout only ends a call nobody waits for any more.
 */
@ApplicationScoped
public class KafkaAdmin {

    private static final int REQUEST_TIMEOUT_MILLIS = 10_000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile Admin admin;

    public Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.CLIENT_ID_CONFIG, "latchkey-admin",
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MILLIS,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MILLIS,
                            // a broker that comes back is noticed within a probe or two
                            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
                }
                current = admin;
            }
        }
        return current;
    }

    void close(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
