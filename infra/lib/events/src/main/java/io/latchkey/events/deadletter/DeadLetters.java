package io.latchkey.events.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.latchkey.events.Topics;
import io.latchkey.events.broker.KafkaAdmin;
import io.latchkey.events.consumer.DeadLetterSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads the platform's dead-letter topics ({@code *.dead-letter}) and puts a dead letter back on the
 * topic it came from, where every consumer of that topic receives it again (they skip it by event id
 * if they had applied it). Records are read without a consumer group: listing moves nothing.
 * A letter shows where it came from and why it is here, never its payload (which can hold phone
 * numbers).
 */
@ApplicationScoped
public class DeadLetters {

    static final String SUFFIX = ".dead-letter";
    /** Added to a replayed record, so that a consumer's log and a second dead letter show its history. */
    public static final String REPLAYED_FROM = "latchkey-replayed-from";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    /** Per topic: the newest ones are what an operator looks at; older ones stay on the topic. */
    private static final int MAX_READ_PER_TOPIC = 10_000;

    private static final ObjectMapper ENVELOPE_READER = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    KafkaAdmin kafka;

    /** One dead letter, named by its place on the dead-letter topic. */
    public record Letter(String topic, int partition, long offset, Instant deadLetteredAt, String key,
            String originalTopic, Integer originalPartition, Long originalOffset, String eventType, String eventId,
            String reason, String exceptionClass, int payloadBytes, boolean replayed) {

        /** {@code topic/partition/offset}, what the replay call names. */
        public String id() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    /** Where a replayed record now is. */
    public record Replayed(Letter letter, String topic, int partition, long offset) {
    }

    /** The dead-letter topics on the broker, with those the platform creates up front. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>(Topics.DEAD_LETTERS);
        try {
            kafka.admin().listTopics().names().get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(name -> name.endsWith(SUFFIX))
                    .forEach(topics::add);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException(e);
        }
        return topics;
    }

    /**
     * The newest {@code limit} dead letters of {@code topic} (every dead-letter topic when empty),
     * newest first. {@code replayed} marks those whose place an operator has replayed before.
     */
    public List<Letter> list(Optional<String> topic, int limit, Set<String> replayedIds) {
        List<String> topics = topic.map(List::of).orElseGet(() -> List.copyOf(topics()));
        List<Letter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            for (String name : topics) {
                for (ConsumerRecord<String, String> record : readAll(consumer, name)) {
                    letters.add(letter(record, replayedIds));
                }
            }
        }
        letters.sort(Comparator.comparing(Letter::deadLetteredAt).reversed());
        return letters.subList(0, Math.min(limit, letters.size()));
    }

    /**
     * Sends the dead letter at {@code topic/partition/offset} back to its original topic with its key,
     * value and headers (less the dead-letter ones), and waits for the broker's acknowledgement.
     *
     * @return empty when there is no such dead letter
     */
    public Optional<Replayed> replay(String topic, int partition, long offset) {
        if (!topic.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        Optional<ConsumerRecord<String, String>> found;
        try (KafkaConsumer<String, String> consumer = consumer()) {
            found = readOne(consumer, new TopicPartition(topic, partition), offset);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ConsumerRecord<String, String> record = found.get();
        Letter letter = letter(record, Set.of());
        String target = letter.originalTopic() != null ? letter.originalTopic()
                : topic.substring(0, topic.length() - SUFFIX.length());
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dead-letter-")) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM, letter.id().getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis() * 3),
                new StringSerializer(), new StringSerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(target, null, record.key(), record.value(), headers))
                    .get(CLIENT_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
            return Optional.of(new Replayed(letter, sent.topic(), sent.partition(), sent.offset()));
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new BrokerUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException(e);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, CLIENT_TIMEOUT);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new BrokerUnavailableException(e);
        }
        if (partitions == null || partitions.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, CLIENT_TIMEOUT);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(assigned, CLIENT_TIMEOUT);
        for (TopicPartition partition : assigned) {
            consumer.seek(partition, Math.max(begins.get(partition), ends.get(partition) - MAX_READ_PER_TOPIC));
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        while (assigned.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() - deadline > 0) {
                throw new BrokerUnavailableException(new TimeoutException("reading " + topic + " took longer than " + CLIENT_TIMEOUT));
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static Optional<ConsumerRecord<String, String>> readOne(KafkaConsumer<String, String> consumer,
            TopicPartition partition, long offset) {
        List<PartitionInfo> partitions = consumer.partitionsFor(partition.topic(), CLIENT_TIMEOUT);
        if (partitions == null || partitions.stream().noneMatch(p -> p.partition() == partition.partition())) {
            return Optional.empty();
        }
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), CLIENT_TIMEOUT).get(partition);
        if (offset < 0 || offset >= end) {
            return Optional.empty();
        }
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() == offset) {
                    return Optional.of(record);
                }
                if (record.offset() > offset) {
                    return Optional.empty(); // compacted or deleted away
                }
            }
        }
        throw new BrokerUnavailableException(new TimeoutException("reading " + partition + " took longer than " + CLIENT_TIMEOUT));
    }

    private static Letter letter(ConsumerRecord<String, String> record, Set<String> replayedIds) {
        String originalPartition = header(record, DeadLetterSender.ORIGINAL_PARTITION);
        String originalOffset = header(record, DeadLetterSender.ORIGINAL_OFFSET);
        String id = record.topic() + "/" + record.partition() + "/" + record.offset();
        return new Letter(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), header(record, DeadLetterSender.ORIGINAL_TOPIC),
                originalPartition == null ? null : Integer.valueOf(originalPartition),
                originalOffset == null ? null : Long.valueOf(originalOffset),
                Optional.ofNullable(header(record, "event-type")).orElseGet(() -> envelopeField(record, "type")),
                Optional.ofNullable(header(record, "event-id")).orElseGet(() -> envelopeField(record, "id")),
                header(record, DeadLetterSender.REASON),
                header(record, DeadLetterSender.EXCEPTION_CLASS),
                record.value() == null ? 0 : record.value().getBytes(StandardCharsets.UTF_8).length,
                replayedIds.contains(id));
    }

    /** Records not sent by an outbox lack the event headers; the envelope may still say what it was. */
    private static String envelopeField(ConsumerRecord<String, String> record, String field) {
        if (record.value() == null) {
            return null;
        }
        try {
            JsonNode value = ENVELOPE_READER.readTree(record.value()).get(field);
            return value != null && value.isTextual() ? value.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The broker did not answer in time: the admin API says 503, nothing was changed. */
    public static class BrokerUnavailableException extends RuntimeException {
        BrokerUnavailableException(Throwable cause) {
            super("the Kafka broker did not answer", cause);
        }
    }
}
