package io.steward.server.compliance.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.compliance.Finding;
import io.steward.server.compliance.ManualEvidence;
import io.steward.server.compliance.NotApplicable;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The compliance module's tables: not-applicable decisions, findings, manual evidence (always within the caller's scope). */
@Repository
public class ComplianceRepository {
    private static final String FINDING = "SELECT f.*, u.display_name AS owner_name FROM compliance_finding f LEFT JOIN app_user u ON u.id = f.owner_id WHERE ";

    private final JdbcClient jdbc;

    ComplianceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<NotApplicable> notApplicable(TenantScope scope, ClientId client, String framework) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(client.value());
        p.add(framework);
        return jdbc.sql("SELECT * FROM compliance_not_applicable WHERE " + TenantScope.sqlCondition("client_id") + " AND client_id = ? AND framework = ?"
                + " ORDER BY control_id").params(p).query((rs, n) -> new NotApplicable(new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("framework"), rs.getString("control_id"), rs.getString("reason"), rs.getString("decided_by"),
                rs.getTimestamp("decided_at").toInstant())).list();
    }

    public void saveNotApplicable(NotApplicable n) {
        jdbc.sql("""
                INSERT INTO compliance_not_applicable (client_id, framework, control_id, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (client_id, framework, control_id) DO UPDATE SET reason = excluded.reason, decided_by = excluded.decided_by,
                    decided_at = excluded.decided_at""")
                .params(n.clientId().value(), n.framework(), n.controlId(), n.reason(), n.decidedBy(), Timestamp.from(n.decidedAt())).update();
    }

    public boolean deleteNotApplicable(ClientId client, String framework, String control) {
        return jdbc.sql("DELETE FROM compliance_not_applicable WHERE client_id = ? AND framework = ? AND control_id = ?")
                .params(client.value(), framework, control).update() == 1;
    }

    public List<Finding> findings(TenantScope scope, ClientId client, String framework, boolean openOnly) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(client.value());
        String sql = FINDING + TenantScope.sqlCondition("f.client_id") + " AND f.client_id = ?";
        if (framework != null) {
            sql += " AND f.framework = ?";
            p.add(framework);
        }
        if (openOnly) {
            sql += " AND f.state = 'OPEN'";
        }
        return jdbc.sql(sql + " ORDER BY f.state DESC, f.due_on, f.opened_at LIMIT 2000").params(p).query(ComplianceRepository::finding).list();
    }

    public Optional<Finding> finding(TenantScope scope, UUID id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id);
        return jdbc.sql(FINDING + TenantScope.sqlCondition("f.client_id") + " AND f.id = ?").params(p).query(ComplianceRepository::finding).optional();
    }

    /** Opens a finding unless the control has an open one already; false then. */
    public boolean open(Finding f) {
        return jdbc.sql("""
                INSERT INTO compliance_finding (id, client_id, framework, control_id, state, summary, automatic, owner_id, due_on, opened_at)
                VALUES (?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(f.id(), f.clientId().value(), f.framework(), f.controlId(), f.summary(), f.automatic(), f.ownerId(), f.dueOn(), Timestamp.from(f.openedAt()))
                .update() == 1;
    }

    public boolean assign(UUID id, UUID owner, java.time.LocalDate due, int expectedVersion) {
        return jdbc.sql("UPDATE compliance_finding SET owner_id = ?, due_on = ?, version = version + 1 WHERE id = ? AND version = ? AND state = 'OPEN'")
                .params(owner, due, id, expectedVersion).update() == 1;
    }

    public boolean close(UUID id, Instant at, String by, String note) {
        return jdbc.sql("UPDATE compliance_finding SET state = 'CLOSED', closed_at = ?, closed_by = ?, close_note = ?, version = version + 1 "
                + "WHERE id = ? AND state = 'OPEN'").params(Timestamp.from(at), by, note, id).update() == 1;
    }

    public List<ManualEvidence> manual(TenantScope scope, ClientId client, String framework) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(client.value());
        String sql = "SELECT * FROM compliance_manual_evidence WHERE " + TenantScope.sqlCondition("client_id") + " AND client_id = ?";
        if (framework != null) {
            sql += " AND framework = ?";
            p.add(framework);
        }
        return jdbc.sql(sql + " ORDER BY added_at DESC LIMIT 5000").params(p).query(ComplianceRepository::manual).list();
    }

    public Optional<ManualEvidence> manual(TenantScope scope, UUID id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id);
        return jdbc.sql("SELECT * FROM compliance_manual_evidence WHERE " + TenantScope.sqlCondition("client_id") + " AND id = ?").params(p)
                .query(ComplianceRepository::manual).optional();
    }

    public void insert(ManualEvidence m) {
        jdbc.sql("""
                INSERT INTO compliance_manual_evidence (id, client_id, framework, control_id, note, file_name, file_size, file_sha256, added_by,
                    added_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(m.id(), m.clientId().value(), m.framework(), m.controlId(), m.note(), m.fileName(), m.fileSize(), m.fileSha256(), m.addedBy(),
                        Timestamp.from(m.addedAt()), Timestamp.from(m.expiresAt())).update();
    }

    private static Finding finding(ResultSet rs, int n) throws SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Finding(rs.getObject("id", UUID.class), new ClientId(rs.getObject("client_id", UUID.class)), rs.getString("framework"),
                rs.getString("control_id"), rs.getString("state"), rs.getString("summary"), rs.getBoolean("automatic"), rs.getObject("owner_id", UUID.class),
                rs.getString("owner_name"), rs.getObject("due_on", java.time.LocalDate.class), rs.getTimestamp("opened_at").toInstant(),
                closed == null ? null : closed.toInstant(), rs.getString("closed_by"), rs.getString("close_note"), rs.getInt("version"));
    }

    private static ManualEvidence manual(ResultSet rs, int n) throws SQLException {
        return new ManualEvidence(rs.getObject("id", UUID.class), new ClientId(rs.getObject("client_id", UUID.class)), rs.getString("framework"),
                rs.getString("control_id"), rs.getString("note"), rs.getString("file_name"), (Long) rs.getObject("file_size"), rs.getString("file_sha256"),
                rs.getString("added_by"), rs.getTimestamp("added_at").toInstant(), rs.getTimestamp("expires_at").toInstant());
    }
}
