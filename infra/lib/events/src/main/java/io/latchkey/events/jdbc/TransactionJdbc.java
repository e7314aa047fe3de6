package io.latchkey.events.jdbc;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import jakarta.persistence.EntityManager;

/**
 * Statements on the current transaction's connection, outside Hibernate's query translation and entity
 * bookkeeping: for the few statements every call and every consumed event makes (the outbox insert, the relay's
 * claim, a consumer's progress), where that bookkeeping cost several times the statement (docs/performance.md).
 * Hibernate does not flush for these: a caller that changed entities in the same transaction flushes first.
 */
public final class TransactionJdbc {

    private TransactionJdbc() {
    }

    public static <T> T call(EntityManager entityManager, ReturningWork<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work);
    }
}
