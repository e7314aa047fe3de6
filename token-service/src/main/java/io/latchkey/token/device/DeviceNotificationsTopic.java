package io.latchkey.token.device;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Creates {@link DeviceNotificationRequested#TOPIC} before messaging starts. infra/events'
 * TopicsInitializer does not know it yet, and a broker without topic auto-creation would otherwise
 * refuse the first notification — and the outbox, which keeps order, would stop behind it.
 */
@ApplicationScoped
public class DeviceNotificationsTopic {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "latchkey.topics.partitions", defaultValue = "3")
    int partitions;

    @ConfigProperty(name = "latchkey.topics.replication-factor", defaultValue = "1")
    short replicationFactor;

    void create(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent event) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(DeviceNotificationRequested.TOPIC)) {
                admin.createTopics(List.of(new NewTopic(DeviceNotificationRequested.TOPIC, partitions, replicationFactor)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + DeviceNotificationRequested.TOPIC, e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to create topics", e);
        }
    }
}
