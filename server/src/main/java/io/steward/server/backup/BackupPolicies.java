package io.steward.server.backup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.backup.internal.BackupPolicyRepository;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.steward.server.shared.PolicyInputs.choice;
import static io.steward.server.shared.PolicyInputs.range;

/**
 * Backup objectives per client and per device: read by staff who serve the client, changed by service managers and
 * admins (what the contract promises is theirs to set) with optimistic versions (412 on a stale one), audited.
 */
@Service
public class BackupPolicies {
    /** Who may change a client's or a device's backup objectives. */
    public static final Role[] EDITORS = {Role.MSP_ADMIN, Role.SERVICE_MANAGER};

    private final BackupPolicyRepository repository;
    private final ClientService clients;
    private final DeviceService devices;
    private final AuditLog audit;
    private final Clock clock;

    BackupPolicies(BackupPolicyRepository repository, ClientService clients, DeviceService devices, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    /** The client's policy (its defaults when never set); 404 for a client outside the viewer's scope. */
    @Transactional(readOnly = true)
    public BackupPolicy get(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return repository.find(viewer.scope(), client).orElseGet(() -> BackupPolicy.defaults(client));
    }

    /** Changes the fields the draft gives, if the policy is still at {@code expectedVersion}; 400 with the first field at fault. */
    @Transactional
    public BackupPolicy update(Viewer viewer, ClientId client, BackupPolicy.Draft d, int expectedVersion) {
        viewer.requireWriter(EDITORS);
        BackupPolicy c = get(viewer, client);
        if (c.version() != expectedVersion) {
            throw new StaleVersionException(c.version(), c);
        }
        String scope = choice(d.scope(), c.scope(), "scope", BackupPolicy.SCOPES);
        UUID group = group(viewer, client, d.groupId(), c.groupId());
        if ("GROUP".equals(scope) && group == null) {
            throw new InvalidInputException("groupId", "Choose the device group whose devices should have a backup.");
        }
        List<UUID> chosen = chosen(viewer, client, d.deviceIds(), c.deviceIds());
        if ("DEVICES".equals(scope) && chosen.isEmpty()) {
            throw new InvalidInputException("deviceIds", "Choose the devices that should have a backup.");
        }
        BackupPolicy next = new BackupPolicy(client, range(d.rpoHours(), c.rpoHours(), "rpoHours", 1, 8784),
                range(d.rtoMinutes(), c.rtoMinutes(), "rtoMinutes", 1, 10080), scope, group, chosen,
                range(d.failuresAlert(), c.failuresAlert(), "failuresAlert", 1, 50), range(d.graceHours(), c.graceHours(), "graceHours", 0, 168),
                choice(d.restorePeriod(), c.restorePeriod(), "restorePeriod", BackupPolicy.PERIODS),
                range(d.restoreSample(), c.restoreSample(), "restoreSample", 1, io.steward.protocol.backup.RestoreTest.MAX_SAMPLE),
                expectedVersion + 1, viewer.email(), clock.instant());
        audit.record("backup_policy.updated", "client", client.toString(), client, Map.of("rpoHours", next.rpoHours(), "rtoMinutes", next.rtoMinutes(),
                "scope", next.scope(), "failuresAlert", next.failuresAlert(), "graceHours", next.graceHours(), "restorePeriod", next.restorePeriod(),
                "restoreSample", next.restoreSample(), "version", next.version()));
        if (!repository.save(next, expectedVersion)) {
            BackupPolicy latest = repository.find(TenantScope.of(client), client).orElseGet(() -> BackupPolicy.defaults(client));
            throw new StaleVersionException(latest.version(), latest);
        }
        return next;
    }

    /** The device's own objectives (both null: it follows its client's). */
    @Transactional(readOnly = true)
    public BackupPolicy.DeviceObjective objective(Viewer viewer, DeviceId device) {
        devices.get(viewer, device);
        return repository.objective(device).orElse(new BackupPolicy.DeviceObjective(null, null));
    }

    /** Sets the device's own RPO and RTO (null: the client's). */
    @Transactional
    public BackupPolicy.DeviceObjective setObjective(Viewer viewer, DeviceId device, BackupPolicy.DeviceObjective o) {
        viewer.requireWriter(EDITORS);
        Device d = devices.get(viewer, device);
        if (o.rpoHours() != null) {
            range(o.rpoHours(), 0, "rpoHours", 1, 8784);
        }
        if (o.rtoMinutes() != null) {
            range(o.rtoMinutes(), 0, "rtoMinutes", 1, 10080);
        }
        audit.record("backup_objective.updated", "device", device.toString(), d.clientId(), Map.of("rpoHours", String.valueOf(o.rpoHours()),
                "rtoMinutes", String.valueOf(o.rtoMinutes())));
        repository.saveObjective(device, d.clientId(), o, viewer.email(), clock.instant());
        return o;
    }

    private UUID group(Viewer viewer, ClientId client, String value, UUID current) {
        if (value == null) {
            return current;
        }
        if (value.isBlank()) {
            return null;
        }
        UUID id = uuid(value, "groupId");
        if (id.equals(current)) {
            return id;
        }
        try {
            if (!devices.group(viewer, id).clientId().equals(client)) {
                throw new InvalidInputException("groupId", "The group must be one of this client's device groups.");
            }
        } catch (NotFoundException e) {
            throw new InvalidInputException("groupId", "No such device group.");
        }
        return id;
    }

    private List<UUID> chosen(Viewer viewer, ClientId client, List<String> values, List<UUID> current) {
        if (values == null) {
            return current;
        }
        List<UUID> out = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            UUID id = uuid(v, "deviceIds");
            try {
                if (!devices.get(viewer, new DeviceId(id)).clientId().equals(client)) {
                    throw new InvalidInputException("deviceIds", "Only this client's devices.");
                }
            } catch (NotFoundException e) {
                throw new InvalidInputException("deviceIds", "No such device: " + id);
            }
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        if (out.size() > 10_000) {
            throw new InvalidInputException("deviceIds", "At most 10000 devices; use a device group.");
        }
        return out.stream().sorted().toList();
    }

    private static UUID uuid(String value, String field) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "Not an id.");
        }
    }


    static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
