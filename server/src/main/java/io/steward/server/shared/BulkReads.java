package io.steward.server.shared;

import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGStatement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@link JdbcClient} for reads of many rows (a month of a large client's tickets and their histories). Inside a
 * transaction its queries fetch rows in batches through a cursor, so the driver never holds the whole result at once:
 * a buffered result of a few hundred thousand rows outlives several young collections and makes each of them copy it.
 * Outside a transaction PostgreSQL's driver buffers everything as usual. Rows come in PostgreSQL's binary format from
 * the first execution (the driver otherwise asks for text until a statement has run five times): formatting and parsing
 * timestamps and ids as text cost about a third of reading a few hundred thousand rows.
 */
public final class BulkReads {
    /** Rows per round trip: large enough that round trips cost little, small enough that a batch dies young. */
    public static final int FETCH_SIZE = 5_000;

    private BulkReads() {
    }

    public static JdbcClient client(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource) {
            @Override
            protected void applyStatementSettings(Statement statement) throws SQLException {
                super.applyStatementSettings(statement);
                if (statement.isWrapperFor(PGStatement.class)) {
                    // A negative threshold is the driver's switch for binary results from the first execution.
                    statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
                }
            }
        };
        template.setFetchSize(FETCH_SIZE);
        return JdbcClient.create(template);
    }

    /**
     * One copy of each repeated word (status names, priorities, sources) read from many rows: a large result keeps
     * every row's values alive for the whole computation, and a few distinct words need not be held 100,000 times.
     * Not thread-safe: one per read.
     */
    public static final class Words {
        private final java.util.Map<String, String> seen = new java.util.HashMap<>();

        public String once(String word) {
            return word == null ? null : seen.computeIfAbsent(word, w -> w);
        }
    }
}
