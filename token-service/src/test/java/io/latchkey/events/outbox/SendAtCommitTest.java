package io.latchkey.events.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.Topics;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A row that nothing holds up is written claimed by its own transaction and sent by the committing thread
 * (docs/events.md "Outbox"), a relay run's batch of them a transaction; a row behind an unsent row of its key is
 * left to the relay, which keeps the key's order, also behind a row that its committing thread has not handed over
 * yet.
 */
@QuarkusTest
class SendAtCommitTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxSender sender;

    @Inject
    OutboxConfig config;

    @Test
    void aRowNothingHoldsUpIsClaimedByItsTransactionAndSentAtItsCommit() {
        String key = String.valueOf(TestIds.authyId());
        long id = QuarkusTransaction.requiringNew().call(() -> {
            long written = publish(key);
            assertEquals(sender.commitClaim(), OutboxMessage.<OutboxMessage> findById(written).claimedBy,
                    "claimed in the writing transaction");
            return written;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> row(id).sentAt != null);
        assertNull(row(id).claimedBy, "the claim ends when the answer is recorded");
    }

    @Test
    void aRowBehindAnUnsentRowOfItsKeyWaitsForItInTheRelay() throws Exception {
        String key = String.valueOf(TestIds.authyId());
        // an earlier row of the key whose send failed: due again in 5 s, well after the look below
        long earlier = pendingRow(key, null, Instant.now().plusSeconds(5));
        long later = QuarkusTransaction.requiringNew().call(() -> {
            long written = publish(key);
            assertNull(OutboxMessage.<OutboxMessage> findById(written).claimedBy,
                    "not claimed for its commit: it would overtake the earlier row");
            return written;
        });
        Thread.sleep(1000);
        assertNull(row(later).sentAt, "sent before the earlier row of its key");
        await().atMost(Duration.ofSeconds(15)).until(() -> row(later).sentAt != null);
        assertNotNull(row(earlier).sentAt);
        assertFalse(row(later).sentAt.isBefore(row(earlier).sentAt), "the key's rows went out in order");
    }

    @Test
    void theRelayDoesNotOvertakeARowItsCommitHasNotHandedOverYet() throws Exception {
        String key = String.valueOf(TestIds.authyId());
        // committed claimed for its commit, the committing thread not yet at the hand-over
        long earlier = pendingRow(key, sender.commitClaim(), null);
        long later = QuarkusTransaction.requiringNew().call(() -> publish(key));
        Thread.sleep(1500); // the relay's wake-up at the commit and a timer run
        assertNull(row(later).sentAt, "the relay sent a row ahead of the earlier row of its key");
        QuarkusTransaction.requiringNew().run(() -> OutboxMessage.update(
                "sentAt = ?1, claimedBy = null, claimedUntil = null where id = ?2", Instant.now(), earlier));
        await().atMost(Duration.ofSeconds(10)).until(() -> row(later).sentAt != null);
    }

    @Test
    void aLargeTransactionSendsABatchAtItsCommitAndLeavesTheRestToTheRelay() {
        int rows = config.batchSize() + 50;
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                written.add(publish(String.valueOf(TestIds.authyId())));
            }
            long claimed = OutboxMessage.count("id in ?1 and claimedBy = ?2", written, sender.commitClaim());
            assertEquals(config.batchSize(), claimed, "rows claimed for the commit");
            return written;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> OutboxMessage.count("id in ?1 and sentAt is not null", ids)) == rows);
    }

    private long publish(String key) {
        outbox.publish(new VerificationChecked(Long.parseLong(key), TestIds.applicationId(),
                VerificationChecked.Outcome.INVALID, VerificationChecked.Method.SMS));
        return OutboxMessage.<OutboxMessage> find("messageKey = ?1 order by id desc", key).firstResult().id;
    }

    /** A row of the key, unsent, as a failed send ({@code nextAttempt}) or a claim ({@code claimedBy}) leaves it. */
    private static long pendingRow(String key, String claimedBy, Instant nextAttempt) {
        Event<VerificationChecked> event = Event.of(new VerificationChecked(Long.parseLong(key), TestIds.applicationId(),
                VerificationChecked.Outcome.INVALID, VerificationChecked.Method.SMS));
        return QuarkusTransaction.requiringNew().call(() -> {
            OutboxMessage row = new OutboxMessage();
            row.eventId = event.id();
            row.topic = Topics.VERIFICATIONS;
            row.messageKey = key;
            row.eventType = event.type();
            row.payload = EventJson.write(event);
            row.createdAt = Instant.now();
            row.attempts = nextAttempt != null ? 1 : 0;
            row.nextAttemptAt = nextAttempt;
            row.claimedBy = claimedBy;
            row.claimedUntil = claimedBy != null ? Instant.now().plusSeconds(60) : null;
            row.persist();
            return row.id;
        });
    }

    private static OutboxMessage row(long id) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.<OutboxMessage> findById(id));
    }
}
