package io.latchkey.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every Latchkey event travels in. {@code id} is what consumers de-duplicate on;
 * {@code schemaVersion} lets a consumer refuse (dead-letter) a payload shape it does not know.
 */
public record Event<P>(UUID id, String type, Instant occurredAt, int schemaVersion, P payload) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
    }

    /** A new event of this payload, with the type and schema version the payload declares. */
    public static <P extends EventPayload> Event<P> of(P payload) {
        return of(payload.type(), payload.schemaVersion(), payload);
    }

    public static <P> Event<P> of(String type, int schemaVersion, P payload) {
        return new Event<>(UUID.randomUUID(), type, Instant.now(), schemaVersion, payload);
    }
}
