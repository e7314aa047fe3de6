package io.latchkey.testkit;

import io.latchkey.authy.apikey.ApiKeys;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;

/** Puts an application on the real {@code applications} topic, as user-service would publish it. */
public final class TestApplications {

    private TestApplications() {
    }

    /** Publishes application {@code id} with every feature on and Authy's defaults; returns the event. */
    public static Event<ApplicationChanged> publish(long id, String name, String apiKey) {
        Event<ApplicationChanged> event = Event.of(ApplicationChanged.TYPE_UPSERTED, ApplicationChanged.SCHEMA_VERSION,
                new ApplicationChanged(id, 1, name, ApiKeys.sha256Hex(apiKey), null, 7, true, true, true, true, false));
        TestEvents.publish(Topics.APPLICATIONS, String.valueOf(id), event);
        return event;
    }
}
