package io.steward.server.platform;

import java.sql.SQLTransientConnectionException;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Every pooled database connection stayed busy past the pool's timeout: overload, which a retry a
 * moment later can get past. One filter answers it (503 with Retry-After, never 500) wherever it
 * surfaces: a filter, a controller, a transaction that could not begin. Exception handlers rethrow it.
 */
public final class Overload {

    private Overload() {
    }

    /** Whether a pool timeout lies anywhere in the cause chain. */
    public static boolean inChain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }
}
