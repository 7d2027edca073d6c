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
 * The SLA watch runs every few seconds over every open ticket; it stays cheap only while its query
 * matches the partial indexes of V56, whose predicates it must repeat word for word. A change to
 * either side that breaks the match turns the watch back into a scan of the whole ticket table.
 */
class SlaMomentQueryTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theWatchReadsOnlyThePendingMomentIndexes() {
        String sql = TicketRepository.SLA_MOMENTS_DUE.replaceFirst("\\?", "now()").replaceFirst("\\?", "now()").replaceFirst("\\?", "500");
        List<String> plan = TenantContext.callAsSystem(() -> transactions.execute(status -> {
            // The test database is small, so a scan would be cheaper; forbid it to see which indexes can serve the query.
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return jdbc.sql("EXPLAIN " + sql).query(String.class).list();
        }));
        String text = String.join("\n", plan);
        assertThat(text).contains("ticket_sla_breach_pending_idx", "ticket_sla_warn_pending_idx").doesNotContain("Seq Scan on ticket");
    }
}
