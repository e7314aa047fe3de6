package io.latchkey.testkit;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.quarkus.arc.Arc;

/** Puts an application on the real {@code applications} topic, as user-service would publish it. */
public final class TestApplications {

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
     * applications consumer of the service under test has committed past it: the next call needs no wait.
     */
    public static Event<ApplicationChanged> publish(Event<ApplicationChanged> event) {
        String key = String.valueOf(event.payload().applicationId());
        TestEvents.publish(Topics.APPLICATIONS, key, event);
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.applications.group.id", String.class);
        Arc.container().instance(ProjectionCatchUp.class).get().awaitConsumerGroups(Topics.APPLICATIONS, key, List.of(group));
        return event;
    }

    /** Revision 1, every feature on, 7-digit tokens, no callback, every country, no sealed keys. */
    public static ApplicationChanged withDefaults(long id, String name, String apiKey) {
        return new ApplicationChanged(id, 1, name, ApiKeys.sha256Hex(apiKey), null, 7, true, true, true, true,
                false, null, "POST", null, List.of(), null, null, false);
    }
}
