package io.steward.server.devices.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.devices.DeviceGroup;
import io.steward.server.devices.DeviceProfileChanged;
import io.steward.server.devices.DeviceService.GroupDraft;
import io.steward.server.devices.GroupRule;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.SiteService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Device groups as staff manage them, and the tags rule groups match: which names, kinds, rules and
 * members are acceptable. A change announces {@link DeviceProfileChanged}, since groups decide which
 * alert policies apply to a device.
 */
@Component
public class DeviceGroups {
    private final DeviceGroupRepository groups;
    private final DeviceRepository devices;
    private final ClientService clients;
    private final SiteService sites;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DeviceGroups(DeviceGroupRepository groups, DeviceRepository devices, ClientService clients, SiteService sites, AuditLog audit, Clock clock,
                 ApplicationEventPublisher events) {
        this.groups = groups;
        this.devices = devices;
        this.clients = clients;
        this.sites = sites;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,39}");

    /** Lower-cased, distinct and sorted; each tag 1-40 characters of a-z, 0-9, '_', '.', ':', '-', at most 20. */
    public static List<String> validTags(List<String> tags, String field) {
        if (tags == null) {
            return List.of();
        }
        java.util.TreeSet<String> clean = new java.util.TreeSet<>();
        for (String t : tags) {
            String tag = t == null ? "" : t.strip().toLowerCase(java.util.Locale.ROOT);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidInputException(field, "A tag is 1-40 characters of a-z, 0-9, '_', '.', ':' or '-' (not \"" + Enrollment.limit(t) + "\").");
            }
            clean.add(tag);
        }
        if (clean.size() > 20) {
            throw new InvalidInputException(field, "At most 20 tags.");
        }
        return List.copyOf(clean);
    }

    @Transactional
    public DeviceGroup create(Viewer viewer, ClientId client, GroupDraft d) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        clients.get(viewer, client);
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidInputException("name", "A name of 1-100 characters.");
        }
        String kind = d.kind() == null || d.kind().isBlank() ? "STATIC" : d.kind();
        if (!List.of("STATIC", "RULE").contains(kind)) {
            throw new InvalidInputException("kind", "kind is STATIC or RULE.");
        }
        List<String> tags = validTags(d.tags(), "tags");
        String os = d.os() == null || d.os().isBlank() ? null : d.os().strip();
        if (os != null && os.length() > 100) {
            throw new InvalidInputException("os", "At most 100 characters.");
        }
        if (d.siteId() != null && sites.ofClient(viewer, client).stream().noneMatch(s -> s.id().value().equals(d.siteId()))) {
            throw new InvalidInputException("siteId", "Choose a site of this client.");
        }
        if ("RULE".equals(kind) && new GroupRule(os, d.siteId(), java.util.Set.copyOf(tags)).isEmpty()) {
            throw new InvalidInputException("os", "A rule group needs an OS, a site or tags to match.");
        }
        if (groups.nameTaken(client, name)) {
            throw new InvalidInputException("name", "This client already has a group of that name.");
        }
        UUID id = UUID.randomUUID();
        audit.record("device_group.created", "device_group", id.toString(), client, Map.of("name", name, "kind", kind));
        groups.insert(id, client, name, kind, "RULE".equals(kind) ? os : null, "RULE".equals(kind) ? d.siteId() : null,
                "RULE".equals(kind) ? tags : List.of(), viewer.email(), clock.instant());
        if ("STATIC".equals(kind)) {
            writeMembers(client, id, d.deviceIds());
        }
        events.publishEvent(new DeviceProfileChanged(client, null));
        return get(viewer, id);
    }

    /** Replaces a static group's members. */
    @Transactional
    public DeviceGroup setMembers(Viewer viewer, UUID groupId, List<UUID> deviceIds) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        DeviceGroup g = get(viewer, groupId);
        if (!"STATIC".equals(g.kind())) {
            throw new ConflictException("kind", "A rule group's members follow its rule; change the devices' tags, site or OS instead.");
        }
        audit.record("device_group.members", "device_group", groupId.toString(), g.clientId(), Map.of("count", deviceIds == null ? 0 : deviceIds.size()));
        groups.clearMembers(groupId);
        writeMembers(g.clientId(), groupId, deviceIds);
        events.publishEvent(new DeviceProfileChanged(g.clientId(), null));
        return get(viewer, groupId);
    }

    private void writeMembers(ClientId client, UUID groupId, List<UUID> deviceIds) {
        for (UUID device : deviceIds == null ? List.<UUID>of() : deviceIds.stream().distinct().toList()) {
            if (device == null || !devices.belongsTo(device, client)) {
                throw new InvalidInputException("deviceIds", "Choose devices of this client.");
            }
            groups.addMember(client, groupId, device);
        }
    }

    @Transactional
    public void delete(Viewer viewer, UUID groupId) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        DeviceGroup g = get(viewer, groupId);
        audit.record("device_group.deleted", "device_group", groupId.toString(), g.clientId(), Map.of("name", g.name()));
        groups.delete(groupId);
        events.publishEvent(new DeviceProfileChanged(g.clientId(), null));
    }

    @Transactional(readOnly = true)
    public List<DeviceGroup> ofClient(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return groups.ofClient(client);
    }

    @Transactional(readOnly = true)
    public DeviceGroup get(Viewer viewer, UUID groupId) {
        requireStaff(viewer);
        ClientId client = groups.clientInScope(viewer.scope(), groupId).orElseThrow(() -> new NotFoundException("No such device group."));
        return groups.ofClient(client).stream().filter(g -> g.id().equals(groupId)).findFirst().orElseThrow();
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
