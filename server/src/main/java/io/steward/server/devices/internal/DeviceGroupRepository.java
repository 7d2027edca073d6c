package io.steward.server.devices.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.steward.server.devices.DeviceGroup;
import io.steward.server.devices.GroupRule;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The device_group and device_group_member tables, and group membership as it resolves now: static
 * members as listed, rule groups over the client's devices that are not retired.
 */
@Repository
public class DeviceGroupRepository {
    private final JdbcClient jdbc;
    private final DeviceRepository devices;

    DeviceGroupRepository(JdbcClient jdbc, DeviceRepository devices) {
        this.jdbc = jdbc;
        this.devices = devices;
    }

    public boolean nameTaken(ClientId client, String name) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM device_group WHERE client_id = ? AND name = ?)").params(client.value(), name)
                .query(Boolean.class).single();
    }

    /** Tags must be valid already: they are written as an array literal. */
    public void insert(UUID id, ClientId client, String name, String kind, String ruleOs, UUID ruleSite, List<String> ruleTags, String by, Instant at) {
        jdbc.sql("""
                INSERT INTO device_group (id, client_id, name, kind, rule_os, rule_site_id, rule_tags, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS text[]), ?, ?)""")
                .params(id, client.value(), name, kind, ruleOs, ruleSite, DeviceRepository.arrayLiteral(ruleTags), by, Timestamp.from(at))
                .update();
    }

    public void clearMembers(UUID groupId) {
        jdbc.sql("DELETE FROM device_group_member WHERE group_id = ?").param(groupId).update();
    }

    public void addMember(ClientId client, UUID groupId, UUID device) {
        jdbc.sql("INSERT INTO device_group_member (group_id, device_id, client_id) VALUES (?, ?, ?)").params(groupId, device, client.value())
                .update();
    }

    public void delete(UUID groupId) {
        jdbc.sql("DELETE FROM device_group WHERE id = ?").param(groupId).update();
    }

    /** The group's client, if the group belongs to a client in {@code scope}. */
    public Optional<ClientId> clientInScope(TenantScope scope, UUID groupId) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(groupId);
        return jdbc.sql("SELECT client_id FROM device_group d WHERE " + TenantScope.sqlCondition("d.client_id") + " AND d.id = ?").params(p)
                .query(UUID.class).optional().map(ClientId::new);
    }

    /** The client's groups with their members resolved now; runs in the caller's tenant scope. */
    public List<DeviceGroup> ofClient(ClientId client) {
        List<DeviceRepository.Facts> fleet = devices.fleet(client);
        Map<UUID, List<UUID>> statics = new HashMap<>();
        jdbc.sql("SELECT group_id, device_id FROM device_group_member WHERE client_id = ?").param(client.value())
                .query((rs, n) -> statics.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getObject(2, UUID.class)))
                .list();
        return jdbc.sql("SELECT * FROM device_group WHERE client_id = ? ORDER BY lower(name)").param(client.value())
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    String kind = rs.getString("kind");
                    GroupRule rule = new GroupRule(rs.getString("rule_os"), rs.getObject("rule_site_id", UUID.class),
                            Set.copyOf(DeviceRepository.tags(rs, "rule_tags")));
                    List<UUID> members = "RULE".equals(kind)
                            ? fleet.stream().filter(f -> rule.matches(f.os(), f.site(), f.tags())).map(DeviceRepository.Facts::id).toList()
                            : statics.getOrDefault(id, List.of());
                    return new DeviceGroup(id, client, rs.getString("name"), kind, rs.getString("rule_os"), rs.getObject("rule_site_id", UUID.class),
                            DeviceRepository.tags(rs, "rule_tags"), members, rs.getString("created_by"), DeviceRepository.ts(rs, "created_at"));
                })
                .list();
    }

    /**
     * The groups one device belongs to, with the same meaning as the members {@link #ofClient} resolves,
     * without reading the fleet: the ingest path asks this for every device it sees for the first time.
     */
    public Set<UUID> ofDevice(DeviceRepository.Facts device) {
        Set<UUID> groups = new HashSet<>(jdbc.sql("SELECT group_id FROM device_group_member WHERE client_id = ? AND device_id = ?")
                .params(device.client().value(), device.id()).query(UUID.class).list());
        if (!device.retired()) {
            jdbc.sql("SELECT id, rule_os, rule_site_id, rule_tags FROM device_group WHERE client_id = ? AND kind = 'RULE'").param(device.client().value())
                    .query((rs, n) -> {
                        GroupRule rule = new GroupRule(rs.getString(2), rs.getObject(3, UUID.class), Set.copyOf(DeviceRepository.tags(rs, "rule_tags")));
                        if (rule.matches(device.os(), device.site(), device.tags())) {
                            groups.add(rs.getObject(1, UUID.class));
                        }
                        return null;
                    })
                    .list();
        }
        return Set.copyOf(groups);
    }

    /** {@link #ofDevice} for many devices, with one statement for the members and one per client for the rules. */
    public Map<UUID, Set<UUID>> ofDevices(List<DeviceRepository.Facts> devices) {
        Map<UUID, Set<UUID>> groups = new HashMap<>();
        if (devices.isEmpty()) {
            return groups;
        }
        for (DeviceRepository.Facts d : devices) {
            groups.put(d.id(), new HashSet<>());
        }
        jdbc.sql("SELECT device_id, group_id FROM device_group_member WHERE device_id = ANY(CAST(? AS uuid[]))")
                .param(devices.stream().map(d -> d.id().toString()).toArray(String[]::new))
                .query(rs -> {
                    Set<UUID> of = groups.get(rs.getObject(1, UUID.class));
                    if (of != null) {
                        of.add(rs.getObject(2, UUID.class));
                    }
                });
        Map<ClientId, List<DeviceRepository.Facts>> byClient = new HashMap<>();
        for (DeviceRepository.Facts d : devices) {
            if (!d.retired()) {
                byClient.computeIfAbsent(d.client(), k -> new ArrayList<>()).add(d);
            }
        }
        byClient.forEach((client, members) -> {
            List<Map.Entry<UUID, GroupRule>> rules = jdbc.sql(
                            "SELECT id, rule_os, rule_site_id, rule_tags FROM device_group WHERE client_id = ? AND kind = 'RULE'")
                    .param(client.value())
                    .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class),
                            new GroupRule(rs.getString(2), rs.getObject(3, UUID.class), Set.copyOf(DeviceRepository.tags(rs, "rule_tags")))))
                    .list();
            for (DeviceRepository.Facts d : members) {
                for (Map.Entry<UUID, GroupRule> rule : rules) {
                    if (rule.getValue().matches(d.os(), d.site(), d.tags())) {
                        groups.get(d.id()).add(rule.getKey());
                    }
                }
            }
        });
        Map<UUID, Set<UUID>> frozen = new HashMap<>();
        groups.forEach((id, set) -> frozen.put(id, Set.copyOf(set)));
        return frozen;
    }
}
