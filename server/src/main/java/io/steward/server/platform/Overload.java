package io.steward.server.platform;

import java.sql.SQLTransientConnectionException;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Every pooled database connection stayed busy past the pool's timeout: overload, which a retry a
 * moment later can get past. Answered 503 with {@value #RETRY_AFTER_SECONDS} s Retry-After, never
 * 500, wherever it surfaces (a filter, a controller, a transaction that could not begin).
 */
public final class Overload {
    public static final String RETRY_AFTER_SECONDS = "2";
    public static final String DETAIL = "Steward is busy; retry in a moment.";

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
