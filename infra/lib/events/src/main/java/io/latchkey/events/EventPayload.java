package io.latchkey.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A payload record says where it goes and what it is, so that publishing one is
 * {@code outbox.publish(payload)} and no call site can pair it with the wrong topic, key, type or
 * schema version (docs/event-catalogue.md lists every one). None of these is part of the payload's JSON.
 */
public interface EventPayload {

    /** The Kafka topic, one of {@link Topics}. */
    @JsonIgnore
    String topic();

    /** The partition key: the events of one key stay in order (an authy_id, an application id, ...). */
    @JsonIgnore
    String key();

    /** The envelope's {@code type}. */
    @JsonIgnore
    String type();

    /** The envelope's {@code schemaVersion}: the shape of this record. */
    @JsonIgnore
    int schemaVersion();
}
