package io.latchkey.events.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
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
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.latchkey.events.broker.BrokerStatus;
import io.latchkey.events.broker.KafkaAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 * writer's side instead ({@link #awaitReaders}), so that the readers' hot path asks the broker nothing.
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
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Set<GroupState> REBALANCING = EnumSet.of(GroupState.PREPARING_REBALANCE,
            GroupState.COMPLETING_REBALANCE, GroupState.ASSIGNING, GroupState.RECONCILING);

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
    private final Map<TopicPartition, Long> lastWarned = new ConcurrentHashMap<>();
    private final Map<String, Duration> readersCache = new ConcurrentHashMap<>();
    private final Map<String, Timer> catchUpWait = new ConcurrentHashMap<>();

    /** Waits until {@code consumer} has applied every record of {@code topic} that is on the broker now. */
    public Outcome awaitTopic(String consumer, String topic) {
        return await(consumer, topic, null);
    }

    /** Same as {@link #awaitTopic} for the one partition that holds {@code key} (the producer's default partitioner). */
    public Outcome awaitKey(String consumer, String topic, String key) {
        return await(consumer, topic, key);
    }

    private Outcome await(String consumer, String topic, String key) {
        long started = System.nanoTime();
        try {
            return bounded(topic, config.timeout(), deadline -> awaitUntil(consumer, topic, key, deadline));
        } finally {
            // how long reads waited for their projection (docs/operations.md): the read half's price of read your writes
            catchUpWait.computeIfAbsent(topic, name -> Timer.builder("latchkey.catch.up.wait")
                    .description("time a read waited until its projection had applied the broker's end offsets")
                    .tag("topic", name)
                    .publishPercentiles(0.5, 0.99)
                    .register(metrics)).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** One wait of either direction, up to its bound. */
    @FunctionalInterface
    private interface Wait {
        Outcome until(long deadline) throws InterruptedException, ExecutionException, TimeoutException;
    }

    /** Runs {@code wait} for at most {@code bound} and counts every outcome but {@link Outcome#CAUGHT_UP}. */
    private Outcome bounded(String topic, Duration bound, Wait wait) {
        Outcome outcome;
        try {
            // during a broker outage nothing waits for it: answered from the projection as it is (degraded)
            outcome = broker.available() ? wait.until(System.nanoTime() + bound.toNanos()) : Outcome.BROKER_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.TIMED_OUT;
        } catch (TimeoutException e) {
            // the bound ran out while the broker was still answering: as slow as a consumer that is behind. Only
            // the probe or a failed request says the broker is gone (which would suspend every wait until the
            // next good probe, writers' acknowledgements included)
            LOG.debugf("%s: the broker's answer did not come within the bound", topic);
            outcome = Outcome.TIMED_OUT;
        } catch (ExecutionException e) {
            LOG.warnf("%s: the broker did not answer (%s), going on without waiting", topic, e.getCause());
            broker.unavailable(topic + ": " + e.getCause());
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
        } catch (TimeoutException e) {
            LOG.debugf("end offsets of %s did not come within the bound", topic);
            return Outcome.TIMED_OUT;
        } catch (ExecutionException e) {
            broker.unavailable("end offsets of " + topic + ": " + e.getCause());
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
                warnBehind(consumer, end.getKey(), end.getValue());
                return Outcome.TIMED_OUT;
            }
        }
        return Outcome.CAUGHT_UP;
    }

    /**
     * An operator's first clue when reads go on without their writes: which consumer, which partition, how far
     * behind. At most once per {@link #WARN_EVERY_NANOS} and partition: a consumer behind under load would
     * otherwise log once per request.
     */
    private void warnBehind(String consumer, TopicPartition partition, long endOffset) {
        long now = System.nanoTime();
        Long last = lastWarned.get(partition);
        // one of the requests that ran out together logs: the one that set the time
        boolean due = last == null ? lastWarned.putIfAbsent(partition, now) == null
                : now - last >= WARN_EVERY_NANOS && lastWarned.replace(partition, last, now);
        if (!due) {
            return;
        }
        LOG.warnf("consumer %s had applied %s up to offset %d of %d when a read's wait of %s ended", consumer,
                partition, positions.appliedUpTo(consumer, partition), endOffset, config.timeout());
    }

    /**
     * The writer's side, for state that every call reads (docs/consistency.md): waits until each of
     * {@code groups} has committed past the current end of the partition that holds {@code key}, so
     * that their readers need no round trip of their own. A group with no committed offset for the
     * partition (not deployed, or not started yet) is not waited for. At most {@code bound}: a group still
     * behind then is {@link Outcome#TIMED_OUT}, however slowly the broker answered the last look.
     */
    public Outcome awaitConsumerGroups(String topic, String key, List<String> groups, Duration bound) {
        return bounded(topic, bound, deadline -> awaitGroupsUntil(topic, key, groups, deadline));
    }

    /**
     * What a writer of {@code topic} waits for before it answers ({@code latchkey.writers-await.<topic>}): the
     * groups past its events ({@link #awaitConsumerGroups}), then as long as a reader may still use what it read
     * of the projection before them ({@code latchkey.readers-cache.<topic>}, none unless set), so that the next
     * call anywhere sees the change.
     */
    public Outcome awaitReaders(String topic, String key, List<String> groups, Duration bound) {
        Outcome outcome = awaitConsumerGroups(topic, key, groups, bound);
        Duration readersKeep = readersCache.computeIfAbsent(topic, name -> ConfigProvider.getConfig()
                .getOptionalValue("latchkey.readers-cache." + name, Duration.class).orElse(Duration.ZERO));
        if (outcome != Outcome.BROKER_UNAVAILABLE && readersKeep.isPositive()) {
            try {
                Thread.sleep(readersKeep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return outcome;
    }

    private Outcome awaitGroupsUntil(String topic, String key, List<String> groups, long deadline)
            throws InterruptedException, ExecutionException {
        long started = System.nanoTime();
        Map<TopicPartition, Long> ends;
        try {
            ends = endOffsetsOf(topic, deadline);
        } catch (TimeoutException e) {
            writerAnswersEarly(topic, started, "the broker gave no end offsets");
            return Outcome.TIMED_OUT;
        }
        TopicPartition partition = partitionOf(topic, key, ends.size());
        long end = ends.get(partition);
        Set<String> waitingFor = new HashSet<>(groups);
        Set<String> assigned = null;
        Map<String, Long> committedOffsets = new HashMap<>();
        while (true) {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            waitingFor.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(partition))));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed;
            try {
                committed = admin().listConsumerGroupOffsets(specs).all()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                writerAnswersEarly(topic, started, "groups " + waitingFor + " not known past offset " + end + " of "
                        + partition + " (the broker did not answer the last look; committed offsets before it, -1 none: "
                        + committedOffsets + ")");
                return Outcome.TIMED_OUT;
            }
            if (assigned == null) {
                // described only when it matters (a group without an offset): describing the groups took about
                // 110 ms of every admin change on the local run, more than the rest of the wait
                List<String> withoutOffset = waitingFor.stream()
                        .filter(group -> committed.getOrDefault(group, Map.of()).get(partition) == null).toList();
                assigned = withoutOffset.isEmpty() ? Set.of() : groupsConsuming(withoutOffset, partition, deadline);
            }
            Set<String> consuming = assigned;
            waitingFor.removeIf(group -> {
                OffsetAndMetadata offset = committed.getOrDefault(group, Map.of()).get(partition);
                committedOffsets.put(group, offset == null ? -1 : offset.offset());
                // no offset yet: waited for only while a member of the group is assigned the partition
                return offset == null ? !consuming.contains(group) : offset.offset() >= end;
            });
            if (waitingFor.isEmpty()) {
                return Outcome.CAUGHT_UP;
            }
            if (System.nanoTime() - deadline >= 0) {
                committedOffsets.keySet().retainAll(waitingFor);
                writerAnswersEarly(topic, started, "groups not past offset " + end + " of " + partition
                        + " (committed offsets, -1 none: " + committedOffsets + ")");
                return Outcome.TIMED_OUT;
            }
            Thread.sleep(GROUP_POLL_MILLIS);
        }
    }

    /**
     * An answer about to go out before every reader has its change: rare (an admin change of an application), and
     * the one clue an operator has when a service acts on the old state moments later.
     */
    private static void writerAnswersEarly(String topic, long started, String why) {
        LOG.warnf("%s: a writer's wait for the readers ended after %d ms, %s; answering, they apply the change when"
                + " they get to it", topic, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), why);
    }

    /**
     * The groups (of {@code groups}) with a member assigned {@code partition} now, or rebalancing (a member joins
     * or leaves: the partition is about to be assigned again); a group that does not exist has none.
     */
    private Set<String> groupsConsuming(List<String> groups, TopicPartition partition, long deadline)
            throws InterruptedException {
        Set<String> consuming = new HashSet<>();
        for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> group : admin().describeConsumerGroups(groups)
                .describedGroups().entrySet()) {
            try {
                ConsumerGroupDescription description = group.getValue()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (REBALANCING.contains(description.groupState()) || description.members().stream()
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
