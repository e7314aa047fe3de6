package io.latchkey.events.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class OutboxSenderTest {

    @Test
    void onlyFinalRefusalsParkARow() {
        assertTrue(OutboxSender.refusedForGood(new RecordTooLargeException("too big")));
        assertTrue(OutboxSender.refusedForGood(new CompletionException(new TopicAuthorizationException("no"))));
        assertFalse(OutboxSender.refusedForGood(new NotEnoughReplicasException("broker down")));
        assertFalse(OutboxSender.refusedForGood(new org.apache.kafka.common.errors.TimeoutException("slow")));
        assertFalse(OutboxSender.refusedForGood(new IllegalStateException("emitter closed")));
    }
}
