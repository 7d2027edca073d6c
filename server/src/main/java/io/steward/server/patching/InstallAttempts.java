package io.steward.server.patching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.patch.PatchInstall;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.patching.internal.AttemptRepository;
import io.steward.server.patching.internal.ScanRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Failed installs and their retries as people and programs see them: per device and package version, how often it
 * failed, the failed tasks, the last reason and where the retry stands (waiting for its backoff, retried by Steward,
 * offered to people, or given up with the device's incident); and the retries offered to people as task drafts to
 * request. The retrying itself is patching's sweep ({@link InstallRetryRule} decides).
 */
@Service
public class InstallAttempts {
    private final AttemptRepository attempts;
    private final DeviceService devices;
    private final ScanRepository scans;
    private final PatchPolicies policies;
    private final ScriptLibrary library;
    private final ClientService clients;

    public InstallAttempts(AttemptRepository attempts, DeviceService devices, ScanRepository scans, PatchPolicies policies, ScriptLibrary library, ClientService clients) {
        this.attempts = attempts;
        this.clients = clients;
        this.devices = devices;
        this.scans = scans;
        this.policies = policies;
        this.library = library;
    }

    /**
     * One package version that failed on a device.
     *
     * @param scope       the installer's scope of the last failed task: security (Steward retries under the standard
     *                    change) or approved (people request the retry)
     * @param automatic   whether Steward retries it by itself
     * @param failures    failed attempts: the first install and the retries
     * @param retries     retries Steward started or offered
     * @param taskIds     the failed tasks, oldest first
     * @param state       FAILED (waiting for its retry, due at {@code nextAt} once the sweep looked), RETRYING
     *                    ({@code retryTaskId} runs), OFFERED (people may request the retry) or GAVE_UP ({@code incidentId})
     */
    public record Attempt(DeviceId deviceId, ClientId clientId, String name, String version, String scope, boolean automatic, int failures,
                          int retries, List<UUID> taskIds, String lastReason, Instant lastFailedAt, String state, boolean handled, Instant nextAt,
                          UUID retryTaskId, UUID incidentId) {
    }

    /**
     * A device's failed installs and retries.
     *
     * @param installRetries the client's policy: retries before an incident
     * @param incidentId     the device's incident for installs given up on (null: none opened)
     * @param retryDraft     the retry offered to people, as one task draft for this device (null: none offered)
     */
    public record DeviceAttempts(DeviceId deviceId, ClientId clientId, int installRetries, List<Attempt> attempts, UUID incidentId,
                                 Offer retryDraft) {
    }

    /** A retry for people to request: the device's failed approved packages as one task of the installer. */
    public record Offer(ClientId clientId, DeviceId deviceId, String hostname, String packages, String draftLink) {
    }

    /** The device's attempts; a device the viewer does not see is not found. */
    @Transactional
    public DeviceAttempts device(Viewer viewer, DeviceId id) {
        PatchPolicies.requireStaff(viewer);
        Device d = devices.get(viewer, id);
        PatchPolicy policy = policies.get(viewer, d.clientId());
        List<Attempt> rows = attempts.ofDevice(id);
        List<Attempt> offered = rows.stream().filter(a -> "OFFERED".equals(a.state())).toList();
        Offer offer = offered.isEmpty() ? null : offer(d.clientId(), id, d.hostname(), offered, policy);
        return new DeviceAttempts(id, d.clientId(), policy.rollout().installRetries(), rows, attempts.incident(id).orElse(null), offer);
    }

    /** The retries offered to people on the client's devices (null: every client in the viewer's scope), one per device. */
    @Transactional
    public List<Offer> offers(Viewer viewer, ClientId client) {
        PatchPolicies.requireStaff(viewer);
        if (client != null) {
            clients.get(viewer, client);
        }
        Map<DeviceId, List<Attempt>> byDevice = new LinkedHashMap<>();
        attempts.offered(client).forEach(a -> byDevice.computeIfAbsent(a.deviceId(), k -> new ArrayList<>()).add(a));
        if (byDevice.isEmpty()) {
            return List.of();
        }
        // The offered devices themselves, not the registry's list: that stops at 1,000 devices.
        Map<DeviceId, ScanRepository.ApprovedDevice> known = new LinkedHashMap<>();
        scans.approvedDevices(viewer.scope(), client, new ArrayList<>(byDevice.keySet())).forEach(d -> known.put(d.id(), d));
        Map<ClientId, PatchPolicy> policyOf = policies.all(viewer);
        List<Offer> out = new ArrayList<>();
        byDevice.forEach((device, rows) -> {
            ScanRepository.ApprovedDevice d = known.get(device);
            if (d != null) {
                out.add(offer(d.clientId(), device, d.hostname(), rows, policyOf.getOrDefault(d.clientId(), PatchPolicy.defaults(d.clientId()))));
            }
        });
        return out;
    }

    private Offer offer(ClientId client, DeviceId device, String hostname, List<Attempt> rows, PatchPolicy policy) {
        String packages = PatchInstall.packages(rows.stream().map(a -> new PatchInstall.Package(a.name(), a.version())).toList());
        UUID version = library.patchInstaller().id();
        return new Offer(client, device, hostname, packages, PatchInstalls.link(client, version, "approved", packages, List.of(device), policy.reboot(),
                policy.rebootWarningMinutes()));
    }
}
