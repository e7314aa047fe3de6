package io.latchkey.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Creates Latchkey's topics, so that {@code applications} and {@code users} are compacted (a broker's
 * auto-creation would make them plain, time-limited logs). A service starts whether or not the broker
 * answers: when it does not, the topics are created in the background once it does, and the outbox
 * sends nothing before that ({@link #created()}), so that no send auto-creates a topic with the
 * wrong settings. Consumers never auto-create ({@code allow.auto.create.topics=false}).
 */
@ApplicationScoped
public class TopicsInitializer {

    private static final Logger LOG = Logger.getLogger(TopicsInitializer.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "latchkey.topics.partitions", defaultValue = "3")
    int partitions;

    @ConfigProperty(name = "latchkey.topics.replication-factor", defaultValue = "1")
    short replicationFactor;

    /** A service's own topics beyond {@link Topics} (e.g. a renamed dead-letter topic). */
    @ConfigProperty(name = "latchkey.topics.extra")
    Optional<List<String>> extraTopics;

    /** How long start-up waits for the broker before it goes on and creates the topics in the background. */
    @ConfigProperty(name = "latchkey.topics.startup-wait", defaultValue = "3s")
    Duration startupWait;

    private volatile boolean created;
    private volatile boolean stopping;

    /** True once every topic exists; before that the outbox holds its rows. */
    public boolean created() {
        return created;
    }

    void createTopics(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        try {
            createMissing(startupWait);
        } catch (RuntimeException e) {
            LOG.warnf("topics not created at start-up (%s); the service starts and keeps trying in the background",
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            Thread retry = new Thread(this::createInBackground, "latchkey-topics");
            retry.setDaemon(true);
            retry.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void createInBackground() {
        int attempts = 0;
        while (!created && !stopping) {
            try {
                Thread.sleep(Duration.ofSeconds(2));
                createMissing(Duration.ofSeconds(10));
                LOG.info("topics created: the outbox sends what it holds");
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (++attempts % 30 == 0) {
                    LOG.warnf("topics still not created after %d attempts: %s", attempts, e.toString());
                }
            }
        }
    }

    private void createMissing(Duration timeout) {
        long millis = timeout.toMillis();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) millis))) {
            Set<String> existing = admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = Stream.of(Topics.ALL, Topics.DEAD_LETTERS, extraTopics.orElse(List.of()))
                    .flatMap(List::stream)
                    .distinct()
                    .filter(topic -> !existing.contains(topic))
                    .map(this::newTopic)
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach((topic, result) -> awaitCreated(topic, result, millis));
            }
            created = true;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to create topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private NewTopic newTopic(String name) {
        Map<String, String> configs = new HashMap<>();
        if (Topics.COMPACTED.contains(name)) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    private static void awaitCreated(String topic, KafkaFuture<Void> created, long timeoutMillis) {
        try {
            created.get(timeoutMillis, TimeUnit.MILLISECONDS);
            LOG.infof("created topic %s", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + topic, e);
        }
    }
}
