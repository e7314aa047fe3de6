package io.latchkey.testkit;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.eclipse.microprofile.config.ConfigProvider;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.quarkus.arc.Arc;

/** Puts an application on the real {@code applications} topic, as user-service would publish it. */
public final class TestApplications {

    private static final Set<String> joined = new HashSet<>();

    private TestApplications() {
    }

    /** Publishes application {@code id} with every feature on and Authy's defaults; returns the event. */
    public static Event<ApplicationChanged> publish(long id, String name, String apiKey) {
        return publish(withDefaults(id, name, apiKey));
    }

    /** Publishes the given state (revision included) as user-service would. */
    public static Event<ApplicationChanged> publish(ApplicationChanged application) {
        return publish(Event.of(application));
    }

    /**
     * Publishes the event and, as user-service's answer does (docs/consistency.md), waits until the
     * applications consumer of the service under test has committed past it and what the service read by API
     * key before it is no longer used: the next call needs no wait.
     */
    public static Event<ApplicationChanged> publish(Event<ApplicationChanged> event) {
        String key = String.valueOf(event.payload().applicationId());
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.applications.group.id", String.class);
        awaitJoined(group);
        TestEvents.publish(Topics.APPLICATIONS, key, event);
        // as long as user-service would wait by default (latchkey.outbox.readers-wait)
        Arc.container().instance(ProjectionCatchUp.class).get().awaitReaders(Topics.APPLICATIONS, key, List.of(group),
                Duration.ofSeconds(3));
        return event;
    }

    /**
     * Setup, once per test run: the service's applications consumer has joined its group and been assigned
     * the topic. A writer waits for the groups that consume a topic; in the first moments after a service
     * starts its group may not exist yet, and a change published then would be waited for by nobody (in a
     * deployment, the service would not be ready yet: {@code ApplicationsReadiness}).
     */
    private static synchronized void awaitJoined(String group) {
        if (joined.contains(group)) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestEvents.bootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!assigned(admin, group)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("consumer group " + group + " was not assigned " + Topics.APPLICATIONS);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        joined.add(group);
    }

    private static boolean assigned(Admin admin, String group) throws InterruptedException {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(5, TimeUnit.SECONDS);
            return description.groupState() == GroupState.STABLE && description.members().stream()
                    .anyMatch(member -> member.assignment().topicPartitions().stream()
                            .anyMatch(partition -> partition.topic().equals(Topics.APPLICATIONS)));
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Revision 1, every feature on, 7-digit tokens, no callback, every country, no sealed keys. */
    public static ApplicationChanged withDefaults(long id, String name, String apiKey) {
        return new ApplicationChanged(id, 1, name, ApiKeys.sha256Hex(apiKey), null, 7, true, true, true, true,
                false, null, "POST", null, List.of(), null, null, false);
    }
}
