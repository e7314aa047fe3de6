package io.latchkey.testkit;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.EventPayload;

/**
 * Publishes and reads events on the test's real broker, as another service would. A read scans a topic
 * from where it stood when this test run started (not from its beginning), so a test finds an event
 * whether it was sent before or after the call, and records a reused external broker kept from earlier
 * runs can never satisfy an assertion.
 */
public final class TestEvents {

    /** When this test run started: records older than that belong to an earlier run on a reused broker. */
    private static final long RUN_STARTED_AT = ManagementFactory.getRuntimeMXBean().getStartTime();

    private TestEvents() {
    }

    public static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Sends the payload as its producer would (its topic, key, type and schema version) and waits for the ack. */
    public static <P extends EventPayload> Event<P> publish(P payload) {
        Event<P> event = Event.of(payload);
        publish(payload.topic(), payload.key(), event);
        return event;
    }

    /** Sends the event's JSON (or any raw text, for malformed-message tests) and waits for the broker's ack. */
    public static void publish(String topic, String key, Event<?> event) {
        publishRaw(topic, key, EventJson.write(event));
    }

    public static void publishRaw(String topic, String key, String value) {
        publishRawTogether(topic, key, List.of(value));
    }

    /**
     * Sends the values with one key in one batch (one producer, one flush), as a busy producer would: a consumer
     * then most likely receives them in one poll.
     */
    public static void publishRawTogether(String topic, String key, List<String> values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 100,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            List<Future<?>> sent = values.stream()
                    .<Future<?>>map(value -> producer.send(new ProducerRecord<>(topic, key, value))).toList();
            producer.flush();
            for (Future<?> each : sent) {
                each.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** The first event on {@code topic} whose payload matches, waiting at most {@code timeout}. */
    public static <P> Event<P> await(String topic, Class<P> payloadType, Predicate<Event<P>> matching, Duration timeout) {
        return awaitRecord(topic, value -> {
            try {
                Event<P> event = EventJson.read(value.value(), payloadType);
                return matching.test(event) ? Optional.of(event) : Optional.empty();
            } catch (EventJson.MalformedEventException e) {
                return Optional.empty();
            }
        }, timeout).orElseThrow(() -> new AssertionError(
                "no matching " + payloadType.getSimpleName() + " event on " + topic + " within " + timeout));
    }

    /** The first raw record on {@code topic} with this key, e.g. on a dead-letter topic. */
    public static ConsumerRecord<String, String> awaitRecordWithKey(String topic, String key, Duration timeout) {
        List<String> otherKeys = new ArrayList<>();
        return awaitRecord(topic, record -> {
            if (key.equals(record.key())) {
                return Optional.of(record);
            }
            otherKeys.add(record.key());
            return Optional.<ConsumerRecord<String, String>> empty();
        }, timeout).orElseThrow(() -> new AssertionError("no record with key " + key + " on " + topic + " within "
                + timeout + "; the run's records there had the keys " + otherKeys));
    }

    /** All raw records of {@code topic} at this moment whose key equals {@code key}. */
    public static List<ConsumerRecord<String, String>> recordsWithKey(String topic, String key, Duration settle) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        awaitRecord(topic, record -> {
            if (key.equals(record.key())) {
                found.add(record);
            }
            return Optional.empty();
        }, settle);
        return found;
    }

    private static <T> Optional<T> awaitRecord(String topic,
            Function<ConsumerRecord<String, String>, Optional<T>> match, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "latchkey-test-" + UUID.randomUUID(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"))) {
            Instant deadline = Instant.now().plus(timeout);
            List<TopicPartition> partitions = List.of();
            // a topic made on first use (e.g. a dead-letter topic) may not exist yet
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
                if (partitions.isEmpty()) {
                    sleepBriefly();
                }
            }
            if (partitions.isEmpty()) {
                return Optional.empty();
            }
            consumer.assign(partitions);
            seekToRunStart(consumer, partitions);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Optional<T> result = match.apply(record);
                    if (result.isPresent()) {
                        return result;
                    }
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The first offset of each partition written since this JVM started (the test run), or its end when
     * nothing was; partitions of topics made during the run start at 0 anyway. The ends are read first: a
     * record written between the two lookups is then after the end read, and not skipped by seeking past it
     * (the first record of a partition in a run, arriving while the test starts waiting for it).
     */
    private static void seekToRunStart(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> runStart = new HashMap<>();
        partitions.forEach(partition -> runStart.put(partition, RUN_STARTED_AT));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(runStart, Duration.ofSeconds(10));
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp first = found.get(partition);
            consumer.seek(partition, first != null ? first.offset() : ends.get(partition));
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a topic", e);
        }
    }
}
