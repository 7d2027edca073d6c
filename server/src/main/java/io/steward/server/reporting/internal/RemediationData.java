package io.steward.server.reporting.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.reporting.MonthlyReport.RemediatedIncident;
import io.steward.server.reporting.MonthlyReport.Remediation;
import io.steward.server.reporting.ReportPeriod;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads a month's automatic remediation: the runs started for alerts and the incidents they resolved. */
@Repository
class RemediationData {
    private final JdbcClient jdbc;

    RemediationData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Remediation remediation(TenantScope scope, ClientId client, ReportPeriod period) {
        long[] runs = jdbc.sql("SELECT count(*), count(*) FILTER (WHERE r.state = 'SUCCEEDED') FROM task t JOIN task_run r ON r.task_id = t.id"
                        + " WHERE " + TenantScope.sqlCondition("t.client_id") + " AND t.client_id = ? AND t.alert_id IS NOT NULL"
                        + " AND t.created_at >= ? AND t.created_at < ? AND t.created_at <= ?")
                .params(params(scope, client, period)).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        List<RemediatedIncident> incidents = jdbc.sql("SELECT id, number, title, opened_at, resolved_at FROM ticket t WHERE "
                        + TenantScope.sqlCondition("t.client_id") + " AND t.client_id = ? AND t.remediated_at >= ? AND t.remediated_at < ?"
                        + " AND t.remediated_at <= ? AND t.resolved_at IS NOT NULL ORDER BY t.remediated_at")
                .params(params(scope, client, period))
                .query((rs, n) -> {
                    var opened = rs.getTimestamp("opened_at").toInstant();
                    var resolved = rs.getTimestamp("resolved_at").toInstant();
                    return new RemediatedIncident(rs.getObject("id", UUID.class), rs.getLong("number"), rs.getString("title"), opened, resolved,
                            Duration.between(opened, resolved).toMinutes());
                }).list();
        Double manual = jdbc.sql("SELECT coalesce(avg(extract(epoch FROM t.resolved_at - t.opened_at) / 60)::float8, -1) FROM ticket t WHERE "
                        + TenantScope.sqlCondition("t.client_id") + " AND t.client_id = ? AND t.type = 'INCIDENT' AND t.remediated_at IS NULL"
                        + " AND t.resolved_at >= ? AND t.resolved_at < ? AND t.resolved_at <= ?")
                .params(params(scope, client, period)).query(Double.class).single();
        // -1 stands for "no incident resolved by hand": a single-row query cannot carry a null.
        manual = manual < 0 ? null : manual;
        return summarize(runs[0], runs[1], manual, incidents);
    }

    /** The section from its figures: the minutes saved are counted only against a mean of incidents people resolved. */
    static Remediation summarize(long runs, long succeeded, Double manualMttrMinutes, List<RemediatedIncident> incidents) {
        long saved = manualMttrMinutes == null ? 0
                : incidents.stream().mapToLong(i -> Math.max(0, Math.round(manualMttrMinutes) - i.minutesToResolve())).sum();
        String note = runs == 0 && incidents.isEmpty() ? "No alert was remediated by a standard script this month."
                : manualMttrMinutes == null ? "No incident was resolved by a person this month, so no minutes saved are claimed." : null;
        return new Remediation(note, runs, succeeded, manualMttrMinutes == null ? null : Math.round(manualMttrMinutes * 10) / 10.0, saved,
                incidents);
    }

    private static List<Object> params(TenantScope scope, ClientId client, ReportPeriod period) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.addAll(List.of(client.value(), Timestamp.from(period.from()), Timestamp.from(period.to()), Timestamp.from(period.asOf())));
        return p;
    }
}
