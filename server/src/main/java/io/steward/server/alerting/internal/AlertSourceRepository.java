package io.steward.server.alerting.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.alerting.AlertSource;
import io.steward.server.shared.ClientId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The alert_source table: a client's inbound alert senders and the hash of each one's secret. */
@Repository
public class AlertSourceRepository {
    private final JdbcClient jdbc;

    AlertSourceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A source as the hook checks it: its client, kind, name, whether it is on, and the hash its secret must match. */
    public record Credentials(UUID id, ClientId clientId, String kind, String name, boolean enabled, byte[] secretHash) {
    }

    public Optional<Credentials> credentials(UUID id) {
        return jdbc.sql("SELECT id, client_id, kind, name, enabled, secret_hash FROM alert_source WHERE id = ?").param(id)
                .query((rs, n) -> new Credentials(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5), rs.getBytes(6)))
                .optional();
    }

    public void insert(UUID id, ClientId client, String kind, String name, byte[] secretHash, Instant now) {
        jdbc.sql("INSERT INTO alert_source (id, client_id, kind, name, secret_hash, created_at, secret_set_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, client.value(), kind, name, secretHash, Timestamp.from(now), Timestamp.from(now)).update();
    }

    public List<AlertSource> ofClient(ClientId client) {
        return jdbc.sql("SELECT * FROM alert_source WHERE client_id = ? ORDER BY name, id").param(client.value())
                .query(AlertSourceRepository::source).list();
    }

    /** The source if it is the client's (the row-level scope applies too). */
    public Optional<AlertSource> find(ClientId client, UUID id) {
        return jdbc.sql("SELECT * FROM alert_source WHERE client_id = ? AND id = ?").params(client.value(), id)
                .query(AlertSourceRepository::source).optional();
    }

    public void rotate(UUID id, byte[] secretHash, Instant now) {
        jdbc.sql("UPDATE alert_source SET secret_hash = ?, secret_set_at = ? WHERE id = ?").params(secretHash, Timestamp.from(now), id).update();
    }

    public void update(UUID id, String name, boolean enabled) {
        jdbc.sql("UPDATE alert_source SET name = ?, enabled = ? WHERE id = ?").params(name, enabled, id).update();
    }

    public void delete(UUID id) {
        jdbc.sql("DELETE FROM alert_source WHERE id = ?").param(id).update();
    }

    /** An authenticated request arrived: when, and what was wrong with it (null clears the last error). */
    public void received(UUID id, Instant at, String error) {
        if (error == null) {
            jdbc.sql("UPDATE alert_source SET last_received_at = ?, last_error = NULL, last_error_at = NULL WHERE id = ?")
                    .params(Timestamp.from(at), id).update();
        } else {
            jdbc.sql("UPDATE alert_source SET last_received_at = ?, last_error = ?, last_error_at = ? WHERE id = ?")
                    .params(Timestamp.from(at), error.length() > 1000 ? error.substring(0, 1000) : error, Timestamp.from(at), id).update();
        }
    }

    private static AlertSource source(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new AlertSource(id, rs.getObject("client_id", UUID.class), rs.getString("kind"), rs.getString("name"), rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("secret_set_at").toInstant(), instant(rs, "last_received_at"),
                rs.getString("last_error"), instant(rs, "last_error_at"), AlertSource.HOOK_ROOT + id);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
