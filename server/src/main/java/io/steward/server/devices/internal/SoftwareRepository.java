package io.steward.server.devices.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.devices.InstalledSoftware;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The device_software table: what each device last reported installed. */
@Repository
public class SoftwareRepository {
    private final JdbcClient jdbc;

    SoftwareRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the device's packages with these (names, versions and vendors side by side). */
    public void replace(DeviceId device, ClientId client, List<String> names, List<String> versions, List<String> vendors) {
        jdbc.sql("DELETE FROM device_software WHERE device_id = ?").param(device.value()).update();
        if (names.isEmpty()) {
            return;
        }
        // One statement for the whole list: a Linux server reports a thousand packages or more.
        jdbc.sql("""
                INSERT INTO device_software (device_id, client_id, name, version, vendor)
                SELECT ?, ?, n, v, m FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS s (n, v, m)""")
                .params(device.value(), client.value(), names.toArray(String[]::new), versions.toArray(String[]::new), vendors.toArray(String[]::new))
                .update();
    }

    /** Packages in scope whose lower-cased name matches the LIKE {@code pattern}, optionally of one client; one page of them. */
    public Page<InstalledSoftware> search(TenantScope scope, ClientId client, String pattern, PageQuery page) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        String where = TenantScope.sqlCondition("s.client_id") + " AND lower(s.name) LIKE ?";
        p.add(pattern);
        if (client != null) {
            where += " AND s.client_id = ?";
            p.add(client.value());
        }
        long total = jdbc.sql("SELECT count(*) FROM device_software s WHERE " + where).params(p).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(p);
        pageParams.add(page.size());
        pageParams.add(page.offset());
        List<InstalledSoftware> items = jdbc.sql("SELECT s.device_id, d.hostname, s.name, s.version, s.vendor FROM device_software s "
                        + "JOIN device d ON d.id = s.device_id WHERE " + where + " ORDER BY " + page.orderBy() + ", d.hostname LIMIT ? OFFSET ?")
                .params(pageParams)
                .query((rs, n) -> new InstalledSoftware(new DeviceId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list();
        return new Page<>(items, page.page(), page.size(), total);
    }

    /** What the device has installed, by name; empty if the device is not in scope. */
    public Optional<List<InstalledSoftware>> ofDevice(TenantScope scope, DeviceId id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id.value());
        return jdbc.sql("SELECT hostname FROM device d WHERE " + TenantScope.sqlCondition("d.client_id") + " AND d.id = ?")
                .params(p).query(String.class).optional()
                .map(hostname -> jdbc.sql("SELECT name, version, vendor FROM device_software WHERE device_id = ? ORDER BY lower(name), version")
                        .param(id.value())
                        .query((rs, n) -> new InstalledSoftware(id, hostname, rs.getString(1), rs.getString(2), rs.getString(3)))
                        .list());
    }
}
