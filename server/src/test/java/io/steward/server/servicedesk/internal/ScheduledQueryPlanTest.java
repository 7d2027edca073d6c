package io.steward.server.servicedesk.internal;

import java.util.List;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service desk's scheduled tasks query the whole ticket table every few seconds (SLA watch) or
 * minutes (auto-close). They stay cheap at 1,000,000 tickets only while their queries match partial
 * indexes whose predicates they repeat word for word; a change to either side that breaks the match
 * turns them back into scans of every ticket.
 */
class ScheduledQueryPlanTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theSlaWatchReadsOnlyThePendingMomentIndexes() {
        assertThat(plan(TicketScheduleRepository.SLA_MOMENTS_DUE, "now()", "now()", "500"))
                .contains("ticket_sla_breach_pending_idx", "ticket_sla_warn_pending_idx").doesNotContain("Seq Scan on ticket");
    }

    @Test
    void autoCloseReadsOnlyTheResolvedIndex() {
        assertThat(plan(TicketScheduleRepository.RESOLVED_BEFORE, "now()", "500")).contains("ticket_resolved_idx").doesNotContain("Seq Scan on ticket");
    }

    private String plan(String sql, String... values) {
        String bound = sql;
        for (String v : values) {
            bound = bound.replaceFirst("\\?", v);
        }
        String query = bound;
        List<String> lines = TenantContext.callAsSystem(() -> transactions.execute(status -> {
            // The test database is small, so a scan would be cheaper; forbid it to see which indexes can serve the query.
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return jdbc.sql("EXPLAIN " + query).query(String.class).list();
        }));
        return String.join("\n", lines);
    }
}
