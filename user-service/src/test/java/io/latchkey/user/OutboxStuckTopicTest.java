package io.latchkey.user;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.testkit.TestEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Rows the broker cannot take for now (here their topic does not exist, and the broker creates no
 * topic on a send) wait for their next attempt while every other row goes out, and the sender holds
 * no transaction and no advisory lock meanwhile. Once the topic is there, they go out too. (A
 * partition without a leader, the case of a multi-broker cluster, fails the same way, asynchronously;
 * one broker cannot show it.)
 */
@QuarkusTest
class OutboxStuckTopicTest {

    private static final String STUCK = "outbox-test.stuck";
    private static final String FLOWING = "outbox-test.flowing";

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Test
    void rowsTheBrokerRefusesForNowHoldUpNoOtherRowAndNoTransaction() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestEvents.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(FLOWING, 3, (short) 1))).all().get();

            List<UUID> stuck = publish(STUCK, 30);
            List<UUID> flowing = publish(FLOWING, 30);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> sentOf(flowing) == flowing.size());
                assertEquals(0, sentOf(stuck), "the broker took none of the stuck topic's rows");
                for (int sample = 0; sample < 10; sample++) {
                    assertEquals(List.of(), longTransactions(), "no transaction open for a second or more");
                    assertEquals(0L, count("""
                            select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid
                            where l.locktype = 'advisory' and a.xact_start < now() - interval '1 second'"""),
                            "no advisory lock held for a second or more (a claim holds one for milliseconds)");
                    Thread.sleep(300);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> attemptsOf(stuck) > 0);
                assertEquals(0L, count("select count(*) from outbox_message where topic = '" + STUCK + "' and parked_at is not null"),
                        "a refusal that can pass is not a reason to park a row");
            } finally {
                // the topic appears: the rows go out, also after a failure above (later tests wait for an empty outbox)
                admin.createTopics(List.of(new NewTopic(STUCK, 1, (short) 1))).all().get();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sentOf(stuck) == stuck.size());
        }
    }

    private List<UUID> publish(String topic, int rows) {
        List<UUID> ids = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < rows; i++) {
                Event<Map<String, Object>> event = Event.of("test.row", 1, Map.of("n", i));
                outbox.publish(topic, "key-" + i, event);
                ids.add(event.id());
            }
        });
        return ids;
    }

    private long sentOf(Collection<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from outbox_message where event_id in (?1) and sent_at is not null")
                .setParameter(1, ids).getSingleResult()).longValue());
    }

    private long attemptsOf(Collection<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select coalesce(sum(attempts), 0) from outbox_message where event_id in (?1)")
                .setParameter(1, ids).getSingleResult()).longValue());
    }

    @SuppressWarnings("unchecked")
    private List<Object> longTransactions() {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                select query from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()
                  and xact_start < now() - interval '1 second'""").getResultList());
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue());
    }

}
