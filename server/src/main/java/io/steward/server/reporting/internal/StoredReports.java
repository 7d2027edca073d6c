package io.steward.server.reporting.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored monthly reports and the per-client report settings (the reporting module's own tables). */
@Repository
public class StoredReports {
    private final JdbcClient jdbc;

    public StoredReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored report without its bytes. */
    public record Listed(String month, Instant generatedAt, String generatedBy, long pdfBytes) {
    }

    public boolean exists(ClientId client, YearMonth month) {
        return jdbc.sql("SELECT count(*) FROM monthly_report WHERE client_id = ? AND month = ?").params(client.value(), month.atDay(1))
                .query(Long.class).single() > 0;
    }

    /** Stores a month's report once; a second store of the same month keeps the first and answers false. */
    public boolean store(ClientId client, YearMonth month, Instant at, String by, String json, byte[] pdf) {
        return jdbc.sql("""
                        INSERT INTO monthly_report (client_id, month, generated_at, generated_by, report_json, pdf) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (client_id, month) DO NOTHING""")
                .params(client.value(), month.atDay(1), Timestamp.from(at), by, json, pdf).update() == 1;
    }

    public List<Listed> list(TenantScope scope, ClientId client) {
        List<Object> p = new java.util.ArrayList<>(scope.sqlParams());
        p.add(client.value());
        return jdbc.sql("SELECT month, generated_at, generated_by, length(pdf) FROM monthly_report r WHERE " + TenantScope.sqlCondition("r.client_id")
                        + " AND client_id = ? ORDER BY month DESC")
                .params(p)
                .query((rs, n) -> new Listed(YearMonth.from(rs.getObject(1, LocalDate.class)).toString(), rs.getTimestamp(2).toInstant(),
                        rs.getString(3), rs.getLong(4)))
                .list();
    }

    public Optional<String> json(TenantScope scope, ClientId client, YearMonth month) {
        return one(scope, client, month, "report_json", String.class);
    }

    public Optional<byte[]> pdf(TenantScope scope, ClientId client, YearMonth month) {
        return one(scope, client, month, "pdf", byte[].class);
    }

    private <T> Optional<T> one(TenantScope scope, ClientId client, YearMonth month, String column, Class<T> type) {
        List<Object> p = new java.util.ArrayList<>(scope.sqlParams());
        p.add(client.value());
        p.add(month.atDay(1));
        // column is one of two constants of this class, never input.
        return jdbc.sql("SELECT " + column + " FROM monthly_report r WHERE " + TenantScope.sqlCondition("r.client_id")
                + " AND client_id = ? AND month = ?").params(p).query(type).optional();
    }

    /** Saves the settings if {@code expectedVersion} is current; answers false on a stale version. */
    public boolean saveSettings(ClientId client, BigDecimal costPerHour, String currency, BigDecimal complianceTarget, List<UUID> recipients,
                                int expectedVersion, String by, Instant at) {
        int rows;
        if (expectedVersion == 0) {
            rows = jdbc.sql("""
                            INSERT INTO report_settings (client_id, downtime_cost_per_hour, currency, sla_compliance_target, version, updated_by, updated_at)
                            VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (client_id) DO NOTHING""")
                    .params(client.value(), costPerHour, currency, complianceTarget, by, Timestamp.from(at)).update();
        } else {
            rows = jdbc.sql("""
                            UPDATE report_settings SET downtime_cost_per_hour = ?, currency = ?, sla_compliance_target = ?, version = version + 1,
                              updated_by = ?, updated_at = ? WHERE client_id = ? AND version = ?""")
                    .params(costPerHour, currency, complianceTarget, by, Timestamp.from(at), client.value(), expectedVersion).update();
        }
        if (rows == 0) {
            return false;
        }
        jdbc.sql("DELETE FROM report_recipient WHERE client_id = ?").param(client.value()).update();
        for (UUID user : recipients) {
            jdbc.sql("INSERT INTO report_recipient (client_id, user_id) VALUES (?, ?)").params(client.value(), user).update();
        }
        return true;
    }

    /** Users who may receive the client's reports: its enabled portal users and enabled staff who serve it. */
    public List<Recipient> eligibleRecipients(TenantScope scope, ClientId client) {
        return jdbc.sql("""
                        SELECT u.id, u.display_name, u.email, u.role FROM app_user u
                        WHERE u.enabled AND (u.client_id = ? OR (u.client_id IS NULL AND (NOT u.scope_restricted
                              OR EXISTS (SELECT 1 FROM user_client_scope s WHERE s.user_id = u.id AND s.client_id = ?))))
                        ORDER BY u.client_id IS NULL, lower(u.display_name)""")
                .params(client.value(), client.value())
                .query((rs, n) -> new Recipient(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    public boolean isPortalUser(UUID user) {
        return jdbc.sql("SELECT count(*) FROM app_user WHERE id = ? AND client_id IS NOT NULL").param(user).query(Long.class).single() > 0;
    }

    /** Active clients with their zone and creation instant, for the schedule (system scope). */
    public List<ActiveClient> activeClients() {
        return jdbc.sql("SELECT id, time_zone, created_at FROM client WHERE status = 'ACTIVE' ORDER BY id")
                .query((rs, n) -> new ActiveClient(new ClientId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }

    public record ActiveClient(ClientId id, String timeZone, Instant createdAt) {
    }

    public record Recipient(UUID id, String name, String email, String role) {
    }
}
