package io.steward.server.support;

import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.steward.server.shared.TenantContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** For tests that hold a table lock so that writers queue behind it: waits until a statement is blocked on it. */
public final class LockWaits {
    private LockWaits() {
    }

    /** Returns once a statement starting with {@code sqlStart} waits on a lock; fails after 20 s. */
    public static void awaitStatementWaiting(DataSource dataSource, String sqlStart) throws InterruptedException {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            boolean waiting = TenantContext.callAsSystem(() -> jdbc.sql(
                            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND starts_with(query, ?))")
                    .param(sqlStart).query(Boolean.class).single());
            if (waiting) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no statement starting with '" + sqlStart + "' waited on a lock");
    }
}
