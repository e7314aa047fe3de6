package io.latchkey.events.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Where an answer learns that its rows are on the broker (docs/consistency.md): from this instance's producer for
 * the rows it is sending, from the database for the others (another instance claimed them, or this one's send
 * failed). The rows here are parked, so that this instance's relay never claims them: they stand for rows another
 * instance holds.
 */
@QuarkusTest
class AckWaitTest {

    @Inject
    OutboxAcks acks;

    @Test
    void aRowAnotherInstanceSentIsSeenInTheDatabase() throws Exception {
        long id = parkedRow();
        acks.expect(id);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> acks.await(List.of(id)));
        Thread.sleep(150);
        assertFalse(answer.isDone(), "released before the row was sent");
        markSent(id);
        assertTrue(answer.get(2, TimeUnit.SECONDS), "the database's sent_at released the answer");
    }

    @Test
    void aRowThisInstanceIsSendingWaitsForItsOwnAnswer() throws Exception {
        long id = parkedRow();
        markSent(id); // the database says sent; the producer has not answered yet
        acks.expect(id);
        acks.sending(id);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> acks.await(List.of(id)));
        Thread.sleep(300);
        assertFalse(answer.isDone(), "looked in the database for a row this instance is sending");
        acks.acknowledged(id);
        assertTrue(answer.get(2, TimeUnit.SECONDS));
    }

    @Test
    void aFailedSendLooksInTheDatabaseAgain() throws Exception {
        long id = parkedRow();
        markSent(id); // another instance sent it after this one's attempt failed
        acks.expect(id);
        acks.sending(id);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> acks.await(List.of(id)));
        Thread.sleep(150);
        assertFalse(answer.isDone());
        acks.notSent(id);
        assertTrue(answer.get(2, TimeUnit.SECONDS), "the database's sent_at released the answer");
    }

    private static long parkedRow() {
        long authyId = TestIds.authyId();
        Event<VerificationChecked> event = Event.of(VerificationChecked.TYPE, VerificationChecked.SCHEMA_VERSION,
                new VerificationChecked(authyId, TestIds.applicationId(), VerificationChecked.Outcome.INVALID,
                        VerificationChecked.Method.SMS));
        return TestFixtures.parkedOutboxRow(event, Topics.VERIFICATIONS, String.valueOf(authyId));
    }

    private static void markSent(long id) {
        QuarkusTransaction.requiringNew().run(() -> OutboxMessage.update("sentAt = ?1 where id = ?2", Instant.now(), id));
    }
}
