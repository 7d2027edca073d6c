package io.steward.server.backup.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.backup.BackupViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.steward.server.backup.internal.JobRepository.instant;
import static io.steward.server.backup.internal.JobRepository.ts;

/** Breaches of jobs' objectives and their incidents (backup_breach); at most one open per device and job. */
@Repository
public class BreachRepository {
    private final JdbcClient jdbc;

    BreachRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored breach; hostname is filled in by readers. */
    record Row(UUID id, DeviceId deviceId, ClientId clientId, String name, List<String> kinds, String reason, Instant startedAt, Instant notedAt,
               Instant endedAt, UUID ticketId) {
    }

    /** The open breaches of a device (or, with {@code device} null, of the client), locked. */
    List<Row> lockOpen(ClientId client, DeviceId device) {
        String sql = "SELECT * FROM backup_breach WHERE client_id = ? AND ended_at IS NULL" + (device == null ? "" : " AND device_id = ?") + " FOR UPDATE";
        List<Object> params = new ArrayList<>(List.of(client.value()));
        if (device != null) {
            params.add(device.value());
        }
        return jdbc.sql(sql).params(params).query(BreachRepository::row).list();
    }

    void open(Row r) {
        jdbc.sql("""
                INSERT INTO backup_breach (id, device_id, client_id, name, kinds, reason, started_at, noted_at, ticket_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(r.id(), r.deviceId().value(), r.clientId().value(), r.name(), r.kinds().toArray(String[]::new), r.reason(), ts(r.startedAt()),
                        ts(r.notedAt()), r.ticketId()).update();
    }

    void noted(UUID id, List<String> kinds, String reason, Instant at, UUID ticket) {
        jdbc.sql("UPDATE backup_breach SET kinds = ?, reason = ?, noted_at = ?, ticket_id = ? WHERE id = ?")
                .params(kinds.toArray(String[]::new), reason, ts(at), ticket, id).update();
    }

    void end(UUID id, Instant at) {
        jdbc.sql("UPDATE backup_breach SET ended_at = ? WHERE id = ?").params(ts(at), id).update();
    }

    /** Breaches of clients in scope that overlap [from, to), optionally of one client and one device; the newest first. */
    public List<BackupViews.Breach> list(TenantScope scope, ClientId client, DeviceId device, Instant from, Instant to, int limit) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        StringBuilder sql = new StringBuilder("SELECT b.*, d.hostname FROM backup_breach b JOIN device d ON d.id = b.device_id WHERE ")
                .append(TenantScope.sqlCondition("b.client_id"));
        if (client != null) {
            sql.append(" AND b.client_id = ?");
            params.add(client.value());
        }
        if (device != null) {
            sql.append(" AND b.device_id = ?");
            params.add(device.value());
        }
        if (from != null) {
            sql.append(" AND (b.ended_at IS NULL OR b.ended_at >= ?)");
            params.add(ts(from));
        }
        if (to != null) {
            sql.append(" AND b.started_at < ?");
            params.add(ts(to));
        }
        sql.append(" ORDER BY b.ended_at IS NULL DESC, b.started_at DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            Row r = row(rs, n);
            return new BackupViews.Breach(r.id(), r.deviceId(), rs.getString("hostname"), r.name(), r.kinds(), r.reason(), r.startedAt(), r.notedAt(),
                    r.endedAt(), r.ticketId());
        }).list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), new DeviceId(rs.getObject("device_id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("name"), List.of((String[]) rs.getArray("kinds").getArray()), rs.getString("reason"), instant(rs, "started_at"),
                instant(rs, "noted_at"), instant(rs, "ended_at"), rs.getObject("ticket_id", UUID.class));
    }
}
