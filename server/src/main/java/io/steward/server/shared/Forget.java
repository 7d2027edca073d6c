package io.steward.server.shared;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Dropping an entry of an in-memory copy of rows that a transaction is changing. */
public final class Forget {
    private Forget() {
    }

    /**
     * Runs {@code forget} at once and again when the current transaction (if any) has ended: in
     * between, a reader could load the rows as they were before the change and keep that copy.
     */
    public static void nowAndAfterTransaction(Runnable forget) {
        forget.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget.run();
                }
            });
        }
    }
}
