package io.steward.server.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.steward.protocol.Messages;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The software installed across a client's fleet, searchable by package name. Each inventory
 * replaces its device's rows, so the catalogue says what the agents last reported, nothing older.
 */
@Service
public class SoftwareCatalog {
    private static final int MAX_PACKAGES = 20_000;
    private static final int MAX_TEXT = 300;

    private final JdbcClient jdbc;

    public SoftwareCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces what a device has installed; runs in the inventory's transaction. */
    @org.springframework.context.event.EventListener
    void replace(InventoryReceived received) {
        DeviceId device = received.device().deviceId();
        ClientId client = received.device().clientId();
        List<Messages.Software> software = received.inventory().software();
        jdbc.sql("DELETE FROM device_software WHERE device_id = ?").param(device.value()).update();
        if (software == null || software.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        List<String> vendors = new ArrayList<>();
        for (Messages.Software s : software.subList(0, Math.min(software.size(), MAX_PACKAGES))) {
            if (s == null || s.name() == null || s.name().isBlank()) {
                continue;
            }
            names.add(cut(s.name().strip()));
            versions.add(cut(s.version()));
            vendors.add(cut(s.vendor()));
        }
        // One statement for the whole list: a Linux server reports a thousand packages or more.
        jdbc.sql("""
                INSERT INTO device_software (device_id, client_id, name, version, vendor)
                SELECT ?, ?, n, v, m FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS s (n, v, m)""")
                .params(device.value(), client.value(), names.toArray(String[]::new), versions.toArray(String[]::new), vendors.toArray(String[]::new))
                .update();
    }

    /** Packages whose name starts with (or, with {@code *}, contains) {@code query}, on the client's devices the viewer sees. */
    @Transactional(readOnly = true)
    public Page<InstalledSoftware> search(Viewer viewer, ClientId client, String query, PageQuery page) {
        if (!viewer.isStaff()) {
            throw new io.steward.server.shared.NotFoundException("No such page.");
        }
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty() || q.length() > 100) {
            throw new InvalidInputException("q", "Search for a package name of 1 to 100 characters.");
        }
        String pattern = q.startsWith("*") ? "%" + io.steward.server.shared.Like.literal(q.substring(1)) + "%" : io.steward.server.shared.Like.startsWith(q);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
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

    /** What one device has installed, by name. */
    @Transactional(readOnly = true)
    public List<InstalledSoftware> ofDevice(Viewer viewer, DeviceId id) {
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        p.add(id.value());
        String hostname = jdbc.sql("SELECT hostname FROM device d WHERE " + TenantScope.sqlCondition("d.client_id") + " AND d.id = ?")
                .params(p).query(String.class).optional()
                .orElseThrow(() -> new io.steward.server.shared.NotFoundException("No such device."));
        return jdbc.sql("SELECT name, version, vendor FROM device_software WHERE device_id = ? ORDER BY lower(name), version")
                .param(id.value())
                .query((rs, n) -> new InstalledSoftware(id, hostname, rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }
}
