package io.steward.server.patching;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.steward.server.audit.AuditLog;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.patching.internal.EmergencyRepository;
import io.steward.server.patching.internal.PolicyRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emergency cycles: a technician names a CVE for a client; Steward lists the exposed devices, prepares the run (the
 * updates that fix it, as task drafts: {@link PatchInstalls#cvePlans}) and tracks each device's time to remediate as
 * scans come in, until every device is patched or excepted with a reason. Audited.
 */
@Service
public class PatchEmergencies {
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,9}");

    private final EmergencyRepository repository;
    private final PolicyRepository policies;
    private final ClientService clients;
    private final DeviceService devices;
    private final AuditLog audit;
    private final Clock clock;

    public PatchEmergencies(EmergencyRepository repository, PolicyRepository policies, ClientService clients, DeviceService devices, AuditLog audit,
                            Clock clock) {
        this.repository = repository;
        this.policies = policies;
        this.clients = clients;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    /** Opens the client's cycle for the CVE (or returns the open one) with every device exposed now. */
    @Transactional
    public PatchEmergency open(Viewer viewer, ClientId client, String cve) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        clients.get(viewer, client);
        String id = cve(cve);
        if (repository.openId(client, id).isEmpty()) {
            audit.record("patch_emergency.opened", "client", client.toString(), client, Map.of("cve", id));
        }
        UUID emergency = repository.open(client, id, viewer.email(), clock.instant());
        repository.track(client, null, clock.instant());
        return due(viewer, repository.list(viewer.scope(), client, id)).stream().filter(e -> e.id().equals(emergency)).findFirst().orElseThrow();
    }

    /** The cycles of clients in scope, optionally of one client and one CVE, newest first. */
    @Transactional(readOnly = true)
    public List<PatchEmergency> list(Viewer viewer, ClientId client, String cve) {
        PatchPolicies.requireStaff(viewer);
        if (client != null) {
            clients.get(viewer, client);
        }
        return due(viewer, repository.list(viewer.scope(), client, cve == null || cve.isBlank() ? null : cve(cve)));
    }

    /** Excepts one exposed device of the client's open cycle for the CVE, with a reason; the cycle closes when no device is left. */
    @Transactional
    public PatchEmergency except(Viewer viewer, ClientId client, String cve, DeviceId device, String reason) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        clients.get(viewer, client);
        String id = cve(cve);
        if (device == null) {
            throw new InvalidInputException("deviceId", "Name the device.");
        }
        Device d = devices.get(viewer, device);
        if (!d.clientId().equals(client)) {
            throw new NotFoundException("No such device.");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            throw new InvalidInputException("reason", "Say why the device is excepted (at most 1000 characters).");
        }
        UUID emergency = repository.openId(client, id).orElseThrow(() -> new NotFoundException("No open emergency cycle for " + id + "."));
        audit.record("patch_emergency.excepted", "device", device.toString(), client, Map.of("cve", id, "reason", why));
        if (!repository.except(emergency, device, why, viewer.email(), clock.instant())) {
            throw new ConflictException("deviceId", "The device is not exposed in this cycle (or is patched already).");
        }
        repository.track(client, null, clock.instant());
        return due(viewer, repository.list(viewer.scope(), client, id)).stream().filter(e -> e.id().equals(emergency)).findFirst().orElseThrow();
    }

    /** Each cycle with its deadline from its client's policy (emergency hours) and the devices overdue now. */
    private List<PatchEmergency> due(Viewer viewer, List<PatchEmergency> list) {
        Map<ClientId, Integer> hours = new java.util.HashMap<>();
        return list.stream().map(e -> e.due(hours.computeIfAbsent(e.clientId(), c -> policies.find(viewer.scope(), c)
                .orElseGet(() -> PatchPolicy.defaults(c)).rollout().emergencyHours()), clock.instant())).toList();
    }

    static String cve(String cve) {
        String id = cve == null ? "" : cve.strip().toUpperCase(Locale.ROOT);
        if (!CVE.matcher(id).matches()) {
            throw new InvalidInputException("cve", "A CVE id looks like CVE-2026-12345.");
        }
        return id;
    }
}
