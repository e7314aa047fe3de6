package io.latchkey.user;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.broker.BrokerStatus;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.latchkey.events.consumer.ProjectionCatchUp.Outcome;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * An admin change of an application waits for the consumer groups that read it
 * ({@code latchkey.writers-await.applications}), at most {@code latchkey.outbox.readers-wait}
 * (docs/consistency.md). A group still behind at that bound is a timeout, never a broker outage, however
 * the bound ran out: an outage suspends every writer's wait for acknowledgements until the next good
 * probe, so the next {@code users/new} would answer before its event is on the broker and the next
 * service would not know the user.
 */
@QuarkusTest
class ReadersWaitTest {

    private static final String TOPIC = "readers-wait-test.changes";
    /**
     * Each wait ends either between two looks at the group or during one (the broker still answering when
     * the bound runs out); enough waits that both endings occur.
     */
    private static final int WAITS = 40;
    /** Members that join the readers' group and leave it again, each time two rebalances. */
    private static final int REBALANCING_MEMBERS = 6;

    @ConfigProperty(name = "mp.messaging.incoming.applications.group.id")
    String applicationsGroup;

    @Inject
    ProjectionCatchUp catchUp;

    @Inject
    BrokerStatus broker;

    @Test
    void aGroupStillBehindAtTheBoundTimesOutAndTheBrokerStaysAvailable() throws Exception {
        createTopic();
        TestEvents.publishRaw(TOPIC, "change", "{}");
        String group = "behind-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> behind = memberOf(group)) {
            // a member assigned the partition, committed before the change and polling no more: a reader behind
            behind.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                behind.poll(Duration.ofMillis(100));
                return !behind.assignment().isEmpty();
            });
            behind.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(0)));

            for (int wait = 1; wait <= WAITS; wait++) {
                assertEquals(Outcome.TIMED_OUT, catchUp.awaitConsumerGroups(TOPIC, "change", List.of(group),
                        Duration.ofMillis(100)), "wait " + wait);
                assertTrue(broker.available(), "wait " + wait + ": a reader behind is not a broker outage");
            }
        }
    }

    /**
     * A rebalance of a readers' group (an instance of the service starts or stops, or a consumer of another of its
     * topics joins) fails the commits sent meanwhile; the records come again after it, and the group must commit
     * them then. SmallRye's {@code latest} commit strategy did not (it commits only offsets above the highest it
     * ever sent): the group stayed behind a change it had applied, and the next writer waited out its whole bound
     * (measured: four of eight rebalances). Changes go out back to back while members come and go.
     */
    @Test
    void aChangeTheReadersAppliedDuringARebalanceIsCommittedAfterIt() throws Exception {
        createTopic();
        long applicationId = TestIds.applicationId();
        String key = String.valueOf(applicationId);
        TestApplications.publish(applicationId, "rebalanced", "rebalanced-key"); // the readers' group is assigned
        CompletableFuture<Void> comingAndGoing = CompletableFuture.runAsync(() -> {
            for (int member = 0; member < REBALANCING_MEMBERS; member++) {
                try (KafkaConsumer<String, String> visitor = memberOf(applicationsGroup)) {
                    visitor.subscribe(List.of(TOPIC));
                    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    while (System.nanoTime() < until) {
                        visitor.poll(Duration.ofMillis(50));
                    }
                }
            }
        });
        int change = 0;
        while (!comingAndGoing.isDone()) {
            change++;
            // the same state again under a new event id: applied (a revision not newer changes nothing) and committed
            TestEvents.publish(Topics.APPLICATIONS, key,
                    Event.of(TestApplications.withDefaults(applicationId, "rebalanced", "rebalanced-key")));
            assertEquals(Outcome.CAUGHT_UP, catchUp.awaitConsumerGroups(Topics.APPLICATIONS, key,
                    List.of(applicationsGroup), Duration.ofSeconds(5)), "change " + change);
        }
        comingAndGoing.get();
        assertTrue(change >= REBALANCING_MEMBERS, "changes while members came and went: " + change);
    }

    /** A consumer of the group that commits only when told to. */
    private static KafkaConsumer<String, String> memberOf(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEvents.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static void createTopic() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestEvents.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
