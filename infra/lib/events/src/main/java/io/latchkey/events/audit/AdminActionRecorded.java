package io.latchkey.events.audit;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/**
 * A change made through an admin API (or the operator console, which calls it), published on {@code audit}
 * by the service that made it, in the transaction of the change: what is recorded happened, and what
 * happened is recorded. user-service keeps the audit log ({@code GET /admin/audit}). Never carries a
 * request or answer body, so no secret (an API key, a signing key) ever reaches it; the path and query
 * say what was changed. The envelope's {@code occurredAt} says when.
 *
 * @param actor the operator's name from the identity provider's token
 * @param service the service that made the change, e.g. {@code user-service}
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the request path, e.g. {@code /admin/applications/42/api-key/rotate}
 * @param query the query string, or null
 */
public record AdminActionRecorded(String actor, String service, String method, String path, String query)
        implements EventPayload {

    public static final String TYPE = "admin.action.recorded";
    public static final int SCHEMA_VERSION = 1;

    @Override
    public String topic() {
        return Topics.AUDIT;
    }

    /** The service: its actions stay in the order it made them. */
    @Override
    public String key() {
        return service;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
