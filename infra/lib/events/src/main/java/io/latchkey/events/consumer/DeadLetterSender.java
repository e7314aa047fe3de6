package io.latchkey.events.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Puts a record a consumer cannot process on its dead-letter topic, unchanged (key, value, headers), with headers
 * that say where it came from and why, and waits for the broker's acknowledgement. The consumer acknowledges
 * the record only after that, so a dead letter is never lost: a send that fails is retried like any transient
 * failure, and the partition waits. (SmallRye's {@code failure-strategy=dead-letter-queue} sends from a sink of
 * its own after the nack; in CI a malformed record it had nacked never reached the topic and nothing said why.
 * Here a failure is seen, logged and retried.)
 * <p>
 * The topic is {@code <topic>.dead-letter}, unless {@code latchkey.dead-letters.topics.<consumer>} names another
 * (a consumer group whose letters must not mix with another group's of the same topic).
 */
@ApplicationScoped
public class DeadLetterSender {

    /** The headers operators and {@code DeadLetters} read; the names SmallRye used, so older letters read alike. */
    public static final String REASON = "dead-letter-reason";
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String ORIGINAL_TOPIC = "dead-letter-topic";
    public static final String ORIGINAL_PARTITION = "dead-letter-partition";
    public static final String ORIGINAL_OFFSET = "dead-letter-offset";
    public static final String CONSUMER = "dead-letter-consumer";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Config config;

    private KafkaProducer<String, String> producer;

    /** Sends and waits; a failure is a {@link KafkaException}, retriable when the broker may take it later. */
    public void send(String consumer, ConsumerRecord<String, String> record, String reason, Class<?> exceptionClass) {
        ProducerRecord<String, String> dead = new ProducerRecord<>(topicFor(consumer, record.topic()), null,
                record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dead-letter-")) {
                dead.headers().add(header);
            }
        }
        header(dead, REASON, reason);
        header(dead, EXCEPTION_CLASS, exceptionClass.getName());
        header(dead, ORIGINAL_TOPIC, record.topic());
        header(dead, ORIGINAL_PARTITION, Integer.toString(record.partition()));
        header(dead, ORIGINAL_OFFSET, Long.toString(record.offset()));
        header(dead, CONSUMER, consumer);
        try {
            producer().send(dead).get(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException("dead letter not sent", e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("dead letter not acknowledged in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
    }

    /** Where {@code consumer}'s dead letters of {@code topic} go. */
    public String topicFor(String consumer, String topic) {
        return config.getOptionalValue("latchkey.dead-letters.topics." + consumer, String.class).orElse(topic + ".dead-letter");
    }

    void close(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG, "latchkey-dead-letters",
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() * 3),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
