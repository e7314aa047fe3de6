package io.latchkey.events.consumer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import io.latchkey.events.broker.BrokerStatus;
import io.latchkey.events.broker.KafkaAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Read your writes across services. A service about to act on projected state (a user, an
 * application, a device that another service owns) first asks the broker for the end offsets of
 * the topic (one ListOffsets round trip) and waits until its own consumer has applied every record
 * before them. Writers answer only once their events are on the broker
 * ({@link io.latchkey.events.outbox.OutboxAcks}), so whatever a client saw answered 200 before this
 * call began is then in the projection.
 * <p>
 * For state that every call reads (the applications behind every API key) the wait is on the
 * writer's side instead ({@link #awaitConsumerGroups}), so that the readers' hot path pays nothing.
 * <p>
 * Calls that arrive while a ListOffsets request for the topic is in flight share the next one (it
 * starts after they arrived, so its answer is fresh for them): under load, one round trip per topic
 * at a time, whatever the request rate. Bounded: past {@link CatchUpConfig#timeout()}, or while the
 * broker is unreachable, the caller goes on with the projection as it is (the degraded mode of
 * docs/consistency.md) and the outcome is counted.
 */
@ApplicationScoped
public class ProjectionCatchUp {

    private static final Logger LOG = Logger.getLogger(ProjectionCatchUp.class);
    /** Between two looks at the consumer groups' committed offsets while a writer waits for them. */
    private static final long GROUP_POLL_MILLIS = 5;

    public enum Outcome {
        CAUGHT_UP, TIMED_OUT, BROKER_UNAVAILABLE
    }

    @Inject
    CatchUpConfig config;

    @Inject
    ConsumerPositions positions;

    @Inject
    MeterRegistry metrics;

    @Inject
    BrokerStatus broker;

    @Inject
    KafkaAdmin kafka;
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final Map<String, EndOffsets> endOffsets = new ConcurrentHashMap<>();

    /** Waits until {@code consumer} has applied every record of {@code topic} that is on the broker now. */
    public Outcome awaitTopic(String consumer, String topic) {
        return await(consumer, topic, null);
    }

    /** Same as {@link #awaitTopic} for the one partition that holds {@code key} (the producer's default partitioner). */
    public Outcome awaitKey(String consumer, String topic, String key) {
        return await(consumer, topic, key);
    }

    private Outcome await(String consumer, String topic, String key) {
        return bounded(topic, deadline -> awaitUntil(consumer, topic, key, deadline));
    }

    /** One wait of either direction, up to {@link CatchUpConfig#timeout()}. */
    @FunctionalInterface
    private interface Wait {
        Outcome until(long deadline) throws InterruptedException, ExecutionException, TimeoutException;
    }

    /** Runs {@code wait} against the configured bound and counts every outcome but {@link Outcome#CAUGHT_UP}. */
    private Outcome bounded(String topic, Wait wait) {
        Outcome outcome;
        try {
            // during a broker outage nothing waits for it: answered from the projection as it is (degraded)
            outcome = broker.available() ? wait.until(System.nanoTime() + config.timeout().toNanos()) : Outcome.BROKER_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.TIMED_OUT;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("%s: the broker did not answer (%s), going on without waiting", topic, e);
            broker.unavailable(topic + ": " + e);
            outcome = Outcome.BROKER_UNAVAILABLE;
        }
        if (outcome != Outcome.CAUGHT_UP) {
            metrics.counter("latchkey.catch.up", "topic", topic, "outcome", outcome.name().toLowerCase()).increment();
        }
        return outcome;
    }

    /** The topic's end offsets from a ListOffsets request that started after this call. */
    private Map<TopicPartition, Long> endOffsetsOf(String topic, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        return endOffsets.computeIfAbsent(topic, EndOffsets::new).next()
                .get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private Outcome awaitUntil(String consumer, String topic, String key, long deadline) throws InterruptedException {
        Map<TopicPartition, Long> ends;
        try {
            ends = endOffsetsOf(topic, deadline);
        } catch (ExecutionException | TimeoutException e) {
            broker.unavailable("end offsets of " + topic + ": " + (e instanceof ExecutionException ? e.getCause() : e));
            LOG.warnf("end offsets of %s not available: answering from the projection as it is until the broker answers",
                    topic);
            return Outcome.BROKER_UNAVAILABLE;
        }
        if (key != null) {
            TopicPartition holder = partitionOf(topic, key, ends.size());
            ends = Map.of(holder, ends.get(holder));
        }
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() > 0 && !positions.awaitApplied(consumer, end.getKey(), end.getValue(), deadline)) {
                return Outcome.TIMED_OUT;
            }
        }
        return Outcome.CAUGHT_UP;
    }

    /**
     * The writer's side, for state that every call reads (docs/consistency.md): waits until each of
     * {@code groups} has committed past the current end of the partition that holds {@code key}, so
     * that their readers need no round trip of their own. A group with no committed offset for the
     * partition (not deployed, or not started yet) is not waited for. Bounded like {@link #awaitKey}.
     */
    public Outcome awaitConsumerGroups(String topic, String key, List<String> groups) {
        return bounded(topic, deadline -> awaitGroupsUntil(topic, key, groups, deadline));
    }

    private Outcome awaitGroupsUntil(String topic, String key, List<String> groups, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> ends = endOffsetsOf(topic, deadline);
        TopicPartition partition = partitionOf(topic, key, ends.size());
        long end = ends.get(partition);
        Set<String> waitingFor = new HashSet<>(groups);
        Set<String> assigned = groupsConsuming(groups, partition, deadline);
        while (true) {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            waitingFor.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(partition))));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin().listConsumerGroupOffsets(specs).all()
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            waitingFor.removeIf(group -> {
                OffsetAndMetadata offset = committed.getOrDefault(group, Map.of()).get(partition);
                // no offset yet: waited for only while a member of the group is assigned the partition
                return offset == null ? !assigned.contains(group) : offset.offset() >= end;
            });
            if (waitingFor.isEmpty()) {
                return Outcome.CAUGHT_UP;
            }
            if (System.nanoTime() - deadline >= 0) {
                LOG.debugf("%s: groups %s not past offset %d of %s in time", topic, waitingFor, end, partition);
                return Outcome.TIMED_OUT;
            }
            Thread.sleep(GROUP_POLL_MILLIS);
        }
    }

    /** The groups (of {@code groups}) with a member assigned {@code partition} now; a group that does not exist has none. */
    private Set<String> groupsConsuming(List<String> groups, TopicPartition partition, long deadline)
            throws InterruptedException {
        Set<String> consuming = new HashSet<>();
        for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> group : admin().describeConsumerGroups(groups)
                .describedGroups().entrySet()) {
            try {
                ConsumerGroupDescription description = group.getValue()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (description.members().stream()
                        .anyMatch(member -> member.assignment().topicPartitions().contains(partition))) {
                    consuming.add(group.getKey());
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debugf("consumer group %s not described (%s): not waited for unless it has an offset", group.getKey(), e);
            }
        }
        return consuming;
    }

    /** Where the producer's default partitioner puts {@code key}. */
    private static TopicPartition partitionOf(String topic, String key, int partitions) {
        return new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions);
    }

    /** One topic's ListOffsets requests: at most one in flight, and callers that came during it share the next. */
    private final class EndOffsets {
        private final String topic;
        private CompletableFuture<Map<TopicPartition, Long>> inFlight;
        private CompletableFuture<Map<TopicPartition, Long>> next;

        EndOffsets(String topic) {
            this.topic = topic;
        }

        synchronized CompletableFuture<Map<TopicPartition, Long>> next() {
            if (inFlight == null) {
                return start();
            }
            if (next == null) {
                next = new CompletableFuture<>();
            }
            return next;
        }

        private CompletableFuture<Map<TopicPartition, Long>> start() {
            CompletableFuture<Map<TopicPartition, Long>> request = listEndOffsets(topic);
            inFlight = request;
            request.whenComplete((result, failure) -> finished(request));
            return request;
        }

        private synchronized void finished(CompletableFuture<Map<TopicPartition, Long>> request) {
            if (inFlight != request) {
                return;
            }
            inFlight = null;
            if (next != null) {
                CompletableFuture<Map<TopicPartition, Long>> waiting = next;
                next = null;
                start().whenComplete((result, failure) -> {
                    if (failure != null) {
                        waiting.completeExceptionally(failure);
                    } else {
                        waiting.complete(result);
                    }
                });
            }
        }
    }

    private CompletableFuture<Map<TopicPartition, Long>> listEndOffsets(String topic) {
        CompletableFuture<Map<TopicPartition, Long>> result = new CompletableFuture<>();
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int partition = 0; partition < partitions(topic); partition++) {
                request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            admin().listOffsets(request).all().whenComplete((answer, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                    return;
                }
                Map<TopicPartition, Long> ends = new HashMap<>();
                for (Map.Entry<TopicPartition, ListOffsetsResultInfo> entry : answer.entrySet()) {
                    ends.put(entry.getKey(), entry.getValue().offset());
                }
                result.complete(ends);
            });
        } catch (RuntimeException | ExecutionException | InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Partition counts do not change under a running platform (adding partitions would move keys anyway). */
    private int partitions(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        Integer known = partitionCounts.get(topic);
        if (known != null) {
            return known;
        }
        TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames()
                .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
        partitionCounts.put(topic, description.partitions().size());
        return description.partitions().size();
    }

    private Admin admin() {
        return kafka.admin();
    }
}
