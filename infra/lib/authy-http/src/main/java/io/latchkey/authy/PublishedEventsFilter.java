package io.latchkey.authy;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.latchkey.events.outbox.OutboxAcks;
import jakarta.inject.Inject;

/**
 * The write half of read your writes (docs/consistency.md): an answer leaves only once the broker
 * holds the events its request committed, so the next call, to any service, can catch up to them.
 * Runs for every resource (Authy and admin APIs alike), after the resource's transaction committed.
 */
public class PublishedEventsFilter {

    @Inject
    OutboxAcks acks;

    @ServerResponseFilter
    public void awaitPublishedEvents() {
        acks.awaitPublishedInThisRequest();
    }
}
