package io.steward.server.alerting.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.server.alerting.AlertPolicy;
import io.steward.server.alerting.AlertingProperties;
import io.steward.server.alerting.Aggregation;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceProfileChanged;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The policies (with exclusions) each client sees and the profiles of devices, kept in memory so
 * that evaluating a batch reads no table in the steady state. A change made through this node
 * invalidates at once; other nodes pick it up when their entry expires ({@code policyCacheTtl}).
 * Loads run in the caller's tenant scope (the device's client during ingest).
 */
@Component
public class PolicyCache {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AlertingProperties properties;
    private final DeviceService devices;
    private final Map<ClientId, Entry<List<AlertPolicy>>> policies = new ConcurrentHashMap<>();
    private final Map<DeviceId, Entry<DeviceProfile>> profiles = new ConcurrentHashMap<>();

    private record Entry<T>(T value, Instant loadedAt) {
    }

    public PolicyCache(JdbcClient jdbc, Clock clock, AlertingProperties properties, DeviceService devices) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.devices = devices;
    }

    /** Every policy that could apply to a device of this client: the defaults and the client's own (disabled ones too). */
    public List<AlertPolicy> policiesOf(ClientId client) {
        Entry<List<AlertPolicy>> e = policies.get(client);
        if (e == null || expired(e)) {
            e = new Entry<>(load(client), clock.instant());
            policies.put(client, e);
        }
        return e.value();
    }

    /** The device's profile, or null if it is unknown. */
    public DeviceProfile profile(DeviceId device) {
        Entry<DeviceProfile> e = profiles.get(device);
        if (e == null || expired(e)) {
            DeviceProfile p = devices.profile(device);
            if (p == null) {
                return null;
            }
            e = new Entry<>(p, clock.instant());
            profiles.put(device, e);
        }
        return e.value();
    }

    /** Loads the profiles of those devices not held or held too long, with a few statements for all of them. */
    public void refreshProfiles(java.util.Collection<DeviceId> ids) {
        List<DeviceId> stale = new ArrayList<>();
        for (DeviceId id : ids) {
            Entry<DeviceProfile> e = profiles.get(id);
            if (e == null || expired(e)) {
                stale.add(id);
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        devices.profiles(stale).forEach((id, p) -> profiles.put(id, new Entry<>(p, now)));
    }

    private boolean expired(Entry<?> e) {
        return !clock.instant().isBefore(e.loadedAt().plus(properties.policyCacheTtl()));
    }

    /** Forgets a client's policies, or every client's when {@code client} is null (an MSP-wide policy changed). */
    public void invalidatePolicies(ClientId client) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> {
            if (client == null) {
                policies.clear();
            } else {
                policies.remove(client);
            }
        });
    }

    @EventListener
    void on(DeviceProfileChanged changed) {
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> {
            if (changed.deviceId() != null) {
                profiles.remove(changed.deviceId());
            } else {
                profiles.values().removeIf(e -> e.value().clientId().equals(changed.clientId()));
            }
        });
    }

    private List<AlertPolicy> load(ClientId client) {
        Map<UUID, List<AlertPolicy.Exclusion>> exclusions = new HashMap<>();
        jdbc.sql("SELECT * FROM alert_policy_exclusion WHERE client_id = ?").param(client.value())
                .query((rs, n) -> exclusions.computeIfAbsent(rs.getObject("policy_id", UUID.class), k -> new ArrayList<>()).add(exclusion(rs)))
                .list();
        return jdbc.sql("SELECT * FROM alert_policy WHERE id <> ? AND id <> ? AND (client_id IS NULL OR client_id = ?)")
                .params(OFFLINE_POLICY, TASK_REFUSED_POLICY, client.value()).query(PolicyCache::policy).list().stream()
                .map(p -> p.withExclusions(exclusions.getOrDefault(p.id(), List.of()))).toList();
    }

    public static final UUID OFFLINE_POLICY = UUID.fromString("00000000-0000-4000-8000-0000000a1e00");
    /** Built in (V113): an agent refused a task. Raised by automation, never evaluated on samples. */
    public static final UUID TASK_REFUSED_POLICY = UUID.fromString("00000000-0000-4000-8000-0000000a1e17");

    public static AlertPolicy.Exclusion exclusion(ResultSet rs) throws SQLException {
        return new AlertPolicy.Exclusion(rs.getObject("id", UUID.class), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getObject("site_id", UUID.class), rs.getObject("group_id", UUID.class), rs.getObject("device_id", UUID.class));
    }

    public static AlertPolicy policy(ResultSet rs, int n) throws SQLException {
        UUID client = rs.getObject("client_id", UUID.class);
        return new AlertPolicy(rs.getObject("id", UUID.class), client == null ? null : new ClientId(client), rs.getString("name"),
                rs.getString("metric"), rs.getString("comparison"), rs.getDouble("threshold"), rs.getDouble("recovery_threshold"),
                rs.getString("severity"), rs.getBoolean("enabled"), rs.getObject("site_id", UUID.class), rs.getObject("group_id", UUID.class),
                rs.getObject("device_id", UUID.class), Aggregation.valueOf(rs.getString("aggregation")), rs.getInt("window_seconds"),
                rs.getInt("for_seconds"), rs.getBoolean("built_in"), List.of());
    }
}
