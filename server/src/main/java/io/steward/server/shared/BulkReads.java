package io.steward.server.shared;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@link JdbcClient} for reads of many rows (a month of a large client's tickets and their histories). Inside a
 * transaction its queries fetch rows in batches through a cursor, so the driver never holds the whole result at once:
 * a buffered result of a few hundred thousand rows outlives several young collections and makes each of them copy it.
 * Outside a transaction PostgreSQL's driver buffers everything as usual.
 */
public final class BulkReads {
    /** Rows per round trip: large enough that round trips cost little, small enough that a batch dies young. */
    public static final int FETCH_SIZE = 5_000;

    private BulkReads() {
    }

    public static JdbcClient client(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        return JdbcClient.create(template);
    }
}
