package io.steward.server.patching.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.patching.PatchEmergency;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.steward.server.patching.internal.ScanRepository.instant;
import static io.steward.server.patching.internal.ScanRepository.ts;

/** Emergency cycles and their devices (patch_emergency, patch_emergency_device). */
@Repository
public class EmergencyRepository {
    private final JdbcClient jdbc;

    EmergencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens a cycle unless one is open for the client and CVE; returns the open cycle's id either way. */
    public UUID open(ClientId client, String cve, String by, Instant at) {
        UUID id = UUID.randomUUID();
        int made = jdbc.sql("""
                        INSERT INTO patch_emergency (id, client_id, cve, opened_at, opened_by) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (client_id, cve) WHERE closed_at IS NULL DO NOTHING""")
                .params(id, client.value(), cve, ts(at), by).update();
        return made == 1 ? id : openId(client, cve).orElseThrow();
    }

    public Optional<UUID> openId(ClientId client, String cve) {
        return jdbc.sql("SELECT id FROM patch_emergency WHERE client_id = ? AND cve = ? AND closed_at IS NULL").params(client.value(), cve)
                .query(UUID.class).optional();
    }

    /**
     * Adds every device of the client's open cycles that is exposed now (optionally only this device), marks patched the
     * tracked devices that are no longer exposed, and closes cycles with no device left. One statement each, so a scan and
     * an exception racing settle the same way.
     */
    public void track(ClientId client, DeviceId onlyDevice, Instant at) {
        List<Object> params = new ArrayList<>(List.of(client.value()));
        String device = "";
        if (onlyDevice != null) {
            device = " AND u.device_id = ?";
            params.add(onlyDevice.value());
        }
        jdbc.sql("""
                        INSERT INTO patch_emergency_device (emergency_id, device_id, client_id, exposed_since)
                        SELECT e.id, u.device_id, e.client_id, min(u.first_seen_at) FROM patch_emergency e
                        JOIN patch_update u ON u.client_id = e.client_id AND u.cves @> ARRAY[e.cve]
                        WHERE e.closed_at IS NULL AND e.client_id = ?""" + device + """
                         GROUP BY e.id, u.device_id, e.client_id
                        ON CONFLICT (emergency_id, device_id) DO NOTHING""").params(params).update();
        jdbc.sql("""
                        UPDATE patch_emergency_device d SET remediated_at = ? FROM patch_emergency e
                        WHERE d.emergency_id = e.id AND e.client_id = ? AND e.closed_at IS NULL AND d.remediated_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM patch_update u WHERE u.device_id = d.device_id AND u.cves @> ARRAY[e.cve])""")
                .params(ts(at), client.value()).update();
        jdbc.sql("""
                        UPDATE patch_emergency e SET closed_at = ? WHERE e.client_id = ? AND e.closed_at IS NULL
                          AND EXISTS (SELECT 1 FROM patch_emergency_device d WHERE d.emergency_id = e.id)
                          AND NOT EXISTS (SELECT 1 FROM patch_emergency_device d WHERE d.emergency_id = e.id AND d.remediated_at IS NULL
                                          AND d.excepted_reason IS NULL)""")
                .params(ts(at), client.value()).update();
    }

    /** Excepts a tracked, unpatched device; false when it is not tracked (or already patched). */
    public boolean except(UUID emergency, DeviceId device, String reason, String by, Instant at) {
        return jdbc.sql("""
                        UPDATE patch_emergency_device SET excepted_reason = ?, excepted_by = ?, excepted_at = ?
                        WHERE emergency_id = ? AND device_id = ? AND remediated_at IS NULL""")
                .params(reason, by, ts(at), emergency, device.value()).update() == 1;
    }

    /** The cycles of clients in scope (optionally one client, one CVE), newest first, with their devices. */
    public List<PatchEmergency> list(TenantScope scope, ClientId client, String cve) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        StringBuilder sql = new StringBuilder("SELECT * FROM patch_emergency WHERE " + TenantScope.sqlCondition("client_id"));
        if (client != null) {
            sql.append(" AND client_id = ?");
            params.add(client.value());
        }
        if (cve != null) {
            sql.append(" AND cve = ?");
            params.add(cve);
        }
        List<PatchEmergency> heads = jdbc.sql(sql.append(" ORDER BY opened_at DESC").toString()).params(params)
                .query((rs, n) -> new PatchEmergency(rs.getObject("id", UUID.class), new ClientId(rs.getObject("client_id", UUID.class)),
                        rs.getString("cve"), instant(rs, "opened_at"), rs.getString("opened_by"), instant(rs, "closed_at"), List.of()))
                .list();
        return heads.stream().map(h -> new PatchEmergency(h.id(), h.clientId(), h.cve(), h.openedAt(), h.openedBy(), h.closedAt(), devices(h.id())))
                .toList();
    }

    private List<PatchEmergency.Device> devices(UUID emergency) {
        return jdbc.sql("SELECT * FROM patch_emergency_device WHERE emergency_id = ? ORDER BY exposed_since, device_id").param(emergency)
                .query((rs, n) -> PatchEmergency.Device.of(new DeviceId(rs.getObject("device_id", UUID.class)), instant(rs, "exposed_since"),
                        instant(rs, "remediated_at"), rs.getString("excepted_reason"), rs.getString("excepted_by"), instant(rs, "excepted_at")))
                .list();
    }
}
