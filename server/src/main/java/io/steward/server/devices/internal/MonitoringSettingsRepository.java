package io.steward.server.devices.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.devices.MonitoringSettings;
import io.steward.server.devices.MonitoringTargets;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The monitoring_settings table: one versioned row per client that was ever configured; lists are kept as JSON. */
@Repository
public class MonitoringSettingsRepository {
    private static final String IN_SCOPE = TenantScope.sqlCondition("m.client_id");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<MonitoringSettings.HttpCheck>> CHECKS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    MonitoringSettingsRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The client's settings if the client is in scope and was configured. */
    public Optional<MonitoringSettings> find(TenantScope scope, ClientId client) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(client.value());
        return jdbc.sql("SELECT * FROM monitoring_settings m WHERE " + IN_SCOPE + " AND m.client_id = ?").params(p).query(this::settings).optional();
    }

    /**
     * Stores accepted settings as {@code version}: the client's first row when {@code version} is 1, else over the row
     * if it is still at {@code version - 1} (and in scope). False if someone saved in between.
     */
    public boolean save(TenantScope scope, ClientId client, MonitoringTargets.Accepted a, int version, String by, Instant at) {
        Object[] values = {a.metricsSeconds(), a.heartbeatSeconds(), json.writeValueAsString(a.pingHosts()), json.writeValueAsString(a.httpChecks()),
                json.writeValueAsString(a.services()), version, by, Timestamp.from(at)};
        int changed;
        if (version == 1) {
            List<Object> p = new ArrayList<>();
            p.add(client.value());
            p.addAll(Arrays.asList(values));
            changed = jdbc.sql("""
                    INSERT INTO monitoring_settings (client_id, metrics_seconds, heartbeat_seconds, ping_hosts, http_checks, services,
                        version, updated_by, updated_at)
                    VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?) ON CONFLICT (client_id) DO NOTHING""")
                    .params(p).update();
        } else {
            List<Object> p = new ArrayList<>(Arrays.asList(values));
            p.addAll(scope.sqlParams());
            p.add(client.value());
            p.add(version - 1);
            changed = jdbc.sql("""
                    UPDATE monitoring_settings m SET metrics_seconds = ?, heartbeat_seconds = ?, ping_hosts = CAST(? AS jsonb),
                        http_checks = CAST(? AS jsonb), services = CAST(? AS jsonb), version = ?, updated_by = ?, updated_at = ?
                    WHERE """ + IN_SCOPE + " AND m.client_id = ? AND m.version = ?").params(p).update();
        }
        return changed == 1;
    }

    private MonitoringSettings settings(ResultSet rs, int n) throws SQLException {
        Integer heartbeat = rs.getObject("heartbeat_seconds", Integer.class);
        return new MonitoringSettings(new ClientId(rs.getObject("client_id", UUID.class)), rs.getInt("metrics_seconds"), heartbeat,
                json.readValue(rs.getString("ping_hosts"), STRINGS), json.readValue(rs.getString("http_checks"), CHECKS),
                json.readValue(rs.getString("services"), STRINGS), rs.getInt("version"), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("updated_by"));
    }
}
