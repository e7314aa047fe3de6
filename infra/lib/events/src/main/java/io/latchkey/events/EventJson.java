package io.latchkey.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * One JSON form for events on every service, independent of each service's REST ObjectMapper
 * (whose settings follow the Authy wire format, not ours).
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // a newer producer may add payload fields; older consumers keep working
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    public static String write(Event<?> event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + event.type(), e);
        }
    }

    /** Reads an event whose payload is a {@code payloadType}; a malformed message throws {@link MalformedEventException}. */
    public static <P> Event<P> read(String json, Class<P> payloadType) {
        JavaType type = MAPPER.getTypeFactory().constructParametricType(Event.class, payloadType);
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new MalformedEventException("not a " + payloadType.getSimpleName() + " event", e);
        }
    }

    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
