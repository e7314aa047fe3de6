package io.latchkey.events.outbox;

import java.time.Instant;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Writes events into the caller's transaction; {@link OutboxRelay} sends them after commit. Either
 * the change and its event are both stored, or neither is (DESIGN.md "Events").
 */
@ApplicationScoped
public class Outbox {

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, String key, Event<?> event) {
        OutboxMessage message = new OutboxMessage();
        message.eventId = event.id();
        message.topic = topic;
        message.messageKey = key;
        message.eventType = event.type();
        message.payload = EventJson.write(event);
        message.createdAt = Instant.now();
        message.persist();
        transactions.registerInterposedSynchronization(new RelayAfterCommit(relay));
    }

    private record RelayAfterCommit(OutboxRelay relay) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wakeUp();
            }
        }
    }
}
