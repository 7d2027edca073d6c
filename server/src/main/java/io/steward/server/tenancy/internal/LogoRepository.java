package io.steward.server.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import io.steward.server.tenancy.Logo;
import io.steward.server.tenancy.Logo.LogoInfo;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the MSP's logo (one row, MSP-wide) and the clients' logos (scoped like every client table, and under
 * row-level security).
 */
@Repository
public class LogoRepository {
    private static final String IN_SCOPE = TenantScope.sqlCondition("client_id");
    private static final String INFO = "content_type, width, height, octet_length(image) AS bytes, sha256, updated_at";

    private final JdbcClient jdbc;

    public LogoRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the database holds: checked bytes with their type and size. */
    public record Stored(String contentType, byte[] image, int width, int height, String sha256) {
    }

    public Optional<LogoInfo> mspInfo() {
        return jdbc.sql("SELECT " + INFO + " FROM msp_logo WHERE id = 1").query(LogoRepository::info).optional();
    }

    public Optional<Logo> msp() {
        return jdbc.sql("SELECT " + INFO + ", image FROM msp_logo WHERE id = 1").query(LogoRepository::logo).optional();
    }

    public void putMsp(Stored s, String by, Instant at) {
        jdbc.sql("INSERT INTO msp_logo (id, content_type, image, width, height, sha256, updated_by, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET content_type = excluded.content_type, image = excluded.image, width = excluded.width, "
                        + "height = excluded.height, sha256 = excluded.sha256, updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                .params(s.contentType(), s.image(), s.width(), s.height(), s.sha256(), by, Timestamp.from(at)).update();
    }

    public boolean deleteMsp() {
        return jdbc.sql("DELETE FROM msp_logo WHERE id = 1").update() == 1;
    }

    public Optional<LogoInfo> clientInfo(TenantScope scope, ClientId client) {
        return jdbc.sql("SELECT " + INFO + " FROM client_logo WHERE " + IN_SCOPE + " AND client_id = ?").params(params(scope, client))
                .query(LogoRepository::info).optional();
    }

    public Optional<Logo> client(TenantScope scope, ClientId client) {
        return jdbc.sql("SELECT " + INFO + ", image FROM client_logo WHERE " + IN_SCOPE + " AND client_id = ?").params(params(scope, client))
                .query(LogoRepository::logo).optional();
    }

    /** Stores the client's logo; the caller has checked that the client is in the scope (RLS refuses it otherwise). */
    public void putClient(ClientId client, Stored s, String by, Instant at) {
        jdbc.sql("INSERT INTO client_logo (client_id, content_type, image, width, height, sha256, updated_by, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET content_type = excluded.content_type, "
                        + "image = excluded.image, width = excluded.width, height = excluded.height, sha256 = excluded.sha256, "
                        + "updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                .params(client.value(), s.contentType(), s.image(), s.width(), s.height(), s.sha256(), by, Timestamp.from(at)).update();
    }

    public boolean deleteClient(TenantScope scope, ClientId client) {
        return jdbc.sql("DELETE FROM client_logo WHERE " + IN_SCOPE + " AND client_id = ?").params(params(scope, client)).update() == 1;
    }

    private static List<Object> params(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return params;
    }

    private static LogoInfo info(ResultSet rs, int n) throws SQLException {
        return new LogoInfo(rs.getString("content_type"), rs.getInt("width"), rs.getInt("height"), rs.getLong("bytes"), rs.getString("sha256"),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Logo logo(ResultSet rs, int n) throws SQLException {
        return new Logo(info(rs, n), rs.getBytes("image"));
    }
}
