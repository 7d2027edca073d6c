package io.steward.server.devices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.steward.protocol.Messages;
import io.steward.server.audit.AuditLog;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Monitoring settings per client (see {@link MonitoringSettings}): read and changed by staff with
 * optimistic versions, and handed to the client's approved devices with every heartbeat answer.
 * A device that waits for approval gets none: the hosts and URLs a client watches are not for
 * whoever holds an enrollment token.
 */
@Service
public class MonitoringService {
    private static final String IN_SCOPE = TenantScope.sqlCondition("m.client_id");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<MonitoringSettings.HttpCheck>> CHECKS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final DeviceService devices;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;
    private final DevicesProperties properties;
    private final ObjectMapper json;

    public MonitoringService(JdbcClient jdbc, DeviceService devices, ClientService clients, AuditLog audit, Clock clock,
                             DevicesProperties properties, ObjectMapper json) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
        this.json = json;
    }

    /** Refused settings: every field at fault with its reason (answered 400 with all of them). */
    public static final class SettingsRefused extends InvalidInputException {
        private final Map<String, String> errors;

        SettingsRefused(Map<String, String> errors) {
            super(errors.keySet().iterator().next(), errors.values().iterator().next());
            this.errors = Map.copyOf(errors);
        }

        @Override
        public Map<String, String> fieldErrors() {
            return errors;
        }
    }

    @Transactional(readOnly = true)
    public MonitoringSettings get(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        p.add(client.value());
        return jdbc.sql("SELECT * FROM monitoring_settings m WHERE " + IN_SCOPE + " AND m.client_id = ?").params(p)
                .query(this::settings).optional().orElseGet(() -> MonitoringSettings.defaults(client));
    }

    /** The server's heartbeat setting: the default, and the longest interval a client may ask for. */
    public int serverHeartbeatSeconds() {
        return properties.heartbeatSeconds();
    }

    /**
     * Replaces the client's settings if they are still at {@code expectedVersion} (0 for a client
     * never configured); 412 otherwise, 400 with every field at fault.
     */
    @Transactional
    public MonitoringSettings update(Viewer viewer, ClientId client, MonitoringTargets.Request request, int expectedVersion) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        MonitoringSettings current = get(viewer, client);
        if (current.version() != expectedVersion) {
            throw new StaleVersionException(current.version(), current);
        }
        MonitoringTargets.Verdict verdict = MonitoringTargets.check(request, properties.heartbeatSeconds());
        if (!verdict.ok()) {
            throw new SettingsRefused(verdict.errors());
        }
        MonitoringTargets.Accepted a = verdict.accepted();
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> forAgents.remove(client));
        audit.record("monitoring_settings.updated", "client", client.toString(), client, Map.of(
                "metricsSeconds", a.metricsSeconds(), "heartbeatSeconds", a.heartbeatSeconds() == null ? "default" : a.heartbeatSeconds(),
                "pingHosts", a.pingHosts(), "httpChecks", a.httpChecks().stream().map(c -> c.url() + " " + c.expectedStatus()).toList(),
                "services", a.services(), "version", expectedVersion + 1));
        Instant now = clock.instant();
        Object[] values = {a.metricsSeconds(), a.heartbeatSeconds(), json.writeValueAsString(a.pingHosts()), json.writeValueAsString(a.httpChecks()),
                json.writeValueAsString(a.services()), expectedVersion + 1, viewer.email(), Timestamp.from(now)};
        int changed;
        if (expectedVersion == 0) {
            changed = jdbc.sql("""
                    INSERT INTO monitoring_settings (client_id, metrics_seconds, heartbeat_seconds, ping_hosts, http_checks, services,
                        version, updated_by, updated_at)
                    VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?) ON CONFLICT (client_id) DO NOTHING""")
                    .params(withClient(client, values)).update();
        } else {
            List<Object> p = new ArrayList<>(java.util.Arrays.asList(values));
            p.addAll(viewer.scope().sqlParams());
            p.add(client.value());
            p.add(expectedVersion);
            changed = jdbc.sql("""
                    UPDATE monitoring_settings m SET metrics_seconds = ?, heartbeat_seconds = ?, ping_hosts = CAST(? AS jsonb),
                        http_checks = CAST(? AS jsonb), services = CAST(? AS jsonb), version = ?, updated_by = ?, updated_at = ?
                    WHERE """ + IN_SCOPE + " AND m.client_id = ? AND m.version = ?").params(p).update();
        }
        if (changed != 1) {
            // Someone saved in between (the row appeared or moved on since it was read).
            MonitoringSettings latest = get(viewer, client);
            throw new StaleVersionException(latest.version(), latest);
        }
        return get(viewer, client);
    }

    /**
     * The heartbeat of a verified device (see {@link DeviceService#heartbeat}), answered with the
     * monitoring settings of its client when the device is approved. Runs in the device's tenant scope,
     * outside any transaction: the heartbeat commits with others ({@link DeviceService#heartbeat}).
     */
    public Messages.HeartbeatResponse heartbeat(AgentDevice device) {
        Messages.HeartbeatResponse plain = devices.heartbeat(device);
        if (!"APPROVED".equals(plain.status())) {
            return plain;
        }
        MonitoringSettings s = forAgent(device.clientId()).orElseGet(() -> MonitoringSettings.defaults(device.clientId()));
        // Never rarer than the server's own setting, even one lowered after the client chose: offline is three of those.
        int heartbeat = s.heartbeatSeconds() == null ? plain.heartbeatSeconds() : Math.min(s.heartbeatSeconds(), plain.heartbeatSeconds());
        return new Messages.HeartbeatResponse(plain.status(), heartbeat, plain.serverTime(), new Messages.MonitoringConfig(s.metricsSeconds(), heartbeat,
                s.pingHosts(), s.httpChecks().stream().map(c -> new Messages.HttpCheck(c.url(), c.expectedStatus())).toList(), s.services()));
    }

    /**
     * The client's settings as agents get them, kept for {@link #SETTINGS_TTL_NANOS} (every heartbeat of a fleet asks),
     * forgotten by {@link #update} at once and again after its commit; another node's change arrives within the TTL.
     */
    private Optional<MonitoringSettings> forAgent(ClientId client) {
        long now = System.nanoTime();
        KeptSettings kept = forAgents.get(client);
        if (kept != null && now - kept.loadedAt() < SETTINGS_TTL_NANOS) {
            return kept.settings();
        }
        Optional<MonitoringSettings> loaded = load(client);
        forAgents.put(client, new KeptSettings(loaded, now));
        return loaded;
    }

    private static final long SETTINGS_TTL_NANOS = 30_000_000_000L;

    private record KeptSettings(Optional<MonitoringSettings> settings, long loadedAt) {
    }

    /** One entry per client with devices: bounded by the MSP's client count. */
    private final java.util.concurrent.ConcurrentHashMap<ClientId, KeptSettings> forAgents = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<MonitoringSettings> load(ClientId client) {
        List<Object> p = new ArrayList<>(TenantScope.of(client).sqlParams());
        p.add(client.value());
        return jdbc.sql("SELECT * FROM monitoring_settings m WHERE " + IN_SCOPE + " AND m.client_id = ?").params(p).query(this::settings).optional();
    }

    private static List<Object> withClient(ClientId client, Object[] values) {
        List<Object> p = new ArrayList<>();
        p.add(client.value());
        p.addAll(java.util.Arrays.asList(values));
        return p;
    }

    private MonitoringSettings settings(ResultSet rs, int n) throws SQLException {
        Integer heartbeat = rs.getObject("heartbeat_seconds", Integer.class);
        return new MonitoringSettings(new ClientId(rs.getObject("client_id", java.util.UUID.class)), rs.getInt("metrics_seconds"), heartbeat,
                json.readValue(rs.getString("ping_hosts"), STRINGS), json.readValue(rs.getString("http_checks"), CHECKS),
                json.readValue(rs.getString("services"), STRINGS), rs.getInt("version"), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("updated_by"));
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
