package io.steward.server.shared;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction template that runs the whole transaction again when PostgreSQL gave it up so another
 * could proceed: chosen as a deadlock's victim (40P01) or refused as not serializable (40001). Such a
 * failure says nothing about the request, the same work succeeds once the other transaction is gone,
 * so answering a person or an agent 500 would hand them a server-side race. No single lock order
 * covers every cascade: deleting a client runs through devices, alerts and tickets that heartbeats,
 * the offline watch and the folds lock in their own order.
 *
 * <p>Only a transaction that begins here is retried: work that joins an outer transaction cannot
 * repeat its share of an aborted one, so the failure travels up to where the transaction began.
 * A rolled-back attempt leaves nothing behind, and events published inside it go with it.
 */
public class RetryingTransactionTemplate extends TransactionTemplate {
    private static final Logger log = LoggerFactory.getLogger(RetryingTransactionTemplate.class);
    /** deadlock_detected, serialization_failure. */
    private static final Set<String> RETRYABLE_STATES = Set.of("40P01", "40001");
    /** Up to six more attempts, 10 ms to 400 ms apart with jitter: a deadlock's other party is long gone by then. */
    private static final RetryTemplate RETRIES = new RetryTemplate(RetryPolicy.builder()
            .predicate(RetryingTransactionTemplate::retryable)
            .maxRetries(6)
            .delay(Duration.ofMillis(10))
            .jitter(Duration.ofMillis(10))
            .multiplier(2)
            .maxDelay(Duration.ofMillis(400))
            .build());

    public RetryingTransactionTemplate(PlatformTransactionManager transactions) {
        super(transactions);
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) throws TransactionException {
        return retrying(getName() == null ? "transaction" : getName(), () -> super.execute(action));
    }

    /**
     * Runs {@code transaction}, which must begin (not join) a transaction, and runs it again while it
     * fails for a retryable reason; the last failure is thrown as it was. Inside an active transaction
     * it runs once.
     */
    public static <T> T retrying(String what, Supplier<T> transaction) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return transaction.get();
        }
        int[] attempt = {0};
        try {
            return RETRIES.execute(() -> {
                if (attempt[0]++ > 0) {
                    log.info("Running {} again (attempt {}): PostgreSQL gave up its transaction for another's", what, attempt[0]);
                }
                return transaction.get();
            });
        } catch (RetryException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether the failure, or anything it wraps, is PostgreSQL giving up a transaction to let another proceed. */
    public static boolean retryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
