package io.steward.server.reporting.internal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.reporting.ReportPeriod;
import io.steward.server.servicedesk.ChangeService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads what a client's changes went through in a report's month, from the stage and outcome entries of their history. */
@Repository
class ChangeActivityData {
    private final JdbcClient jdbc;

    ChangeActivityData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * How the client's changes moved in the period (up to {@code asOf}): how many moved to each stage (a {@code ChangeStage}
     * name), and how many implementations recorded each outcome (keyed {@code "outcome:"} and a {@code Change.Outcome} name).
     */
    Map<String, Long> changeMoves(TenantScope scope, ClientId client, ReportPeriod period) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.addAll(List.of(client.value(), Timestamp.from(period.from()), Timestamp.from(period.to()), Timestamp.from(period.asOf()),
                ChangeService.FIELD_OUTCOME));
        Map<String, Long> out = new HashMap<>();
        jdbc.sql("SELECT CASE WHEN e.field = 'stage' THEN e.new_value ELSE 'outcome:' || e.new_value END AS k, count(*) AS n"
                        + " FROM ticket_event e WHERE " + TenantScope.sqlCondition("e.client_id")
                        + " AND e.client_id = ? AND e.at >= ? AND e.at < ? AND e.at <= ?"
                        + " AND ((e.kind = 'STATUS_CHANGED' AND e.field = 'stage') OR (e.kind = 'FIELD_CHANGED' AND e.field = ?)) GROUP BY 1")
                .params(params)
                .query(rs -> {
                    out.put(rs.getString("k"), rs.getLong("n"));
                });
        return out;
    }
}
