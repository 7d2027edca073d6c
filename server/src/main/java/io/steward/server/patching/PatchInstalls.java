package io.steward.server.patching;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.steward.protocol.patch.PatchInstall;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskService;
import io.steward.server.patching.internal.PolicyRepository;
import io.steward.server.patching.internal.ScanRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Installing updates through automation: a set of updates for some devices becomes a task of the built-in patch
 * installer ({@link ScriptLibrary#patchInstaller()}), signed by the signer like any task. Approved updates become
 * drafts that a technician requests on the task pages (signing with their passkey) and another person approves;
 * with automatic approval for security updates, the security updates run at once under a standard change of the
 * installer (SCOPE security: the agent installs only what its own metadata marks as security updates). Devices are
 * grouped by the exact set of updates they take, as one task carries one package list.
 */
@Service
public class PatchInstalls {
    private final ScriptLibrary library;
    private final TaskService tasks;
    private final PatchPolicies policies;
    private final PolicyOverrides overrides;
    private final ScanRepository scans;
    private final PolicyRepository decisions;
    private final ClientService clients;

    public PatchInstalls(ScriptLibrary library, TaskService tasks, PatchPolicies policies, PolicyOverrides overrides, ScanRepository scans,
                         PolicyRepository decisions, ClientService clients) {
        this.overrides = overrides;
        this.library = library;
        this.tasks = tasks;
        this.policies = policies;
        this.scans = scans;
        this.decisions = decisions;
        this.clients = clients;
    }

    /**
     * One task to be: these devices take exactly this package list.
     *
     * @param draftLink the task form with everything filled in, for the technician to review and sign
     */
    public record InstallPlan(ClientId clientId, UUID scriptVersionId, String scope, String packages, List<DeviceId> deviceIds, String reboot,
                              int rebootWarningMinutes, String draftLink) {
    }

    /** The outcome of one standard run: its task, or why it did not run. */
    public record SecurityRun(InstallPlan plan, UUID taskId, String refusal) {
    }

    /** The installer's script version (made on first use). */
    @Transactional
    public ScriptCatalog.ScriptVersion installer(Viewer viewer) {
        PatchPolicies.requireStaff(viewer);
        return library.patchInstaller();
    }

    /** The client's approved updates (neither held by the policy nor rejected) as tasks to request, one per distinct package list. */
    @Transactional
    public List<InstallPlan> approvedPlans(Viewer viewer, ClientId client) {
        policies.get(viewer, client);
        Set<String> approved = new HashSet<>();
        decisions.approvals(viewer.scope(), client).stream().filter(a -> "APPROVED".equals(a.decision())).forEach(a -> approved.add(a.name() + "=" + a.version()));
        return plans(viewer, client, "approved", (u, p) -> approved.contains(u.name() + "=" + u.candidateVersion()));
    }

    /** The updates fixing a CVE on the client's devices (held ones left out) as tasks to request: an emergency cycle's run. */
    @Transactional
    public List<InstallPlan> cvePlans(Viewer viewer, ClientId client, String cve) {
        policies.get(viewer, client);
        return plans(viewer, client, "approved", (u, p) -> u.cves().contains(cve));
    }

    /**
     * The client's security updates (neither held nor rejected) on devices whose policy approves them automatically,
     * as standard runs, one per distinct package list.
     */
    @Transactional
    public List<InstallPlan> securityPlans(Viewer viewer, ClientId client) {
        policies.get(viewer, client);
        Set<String> rejected = new HashSet<>();
        decisions.approvals(viewer.scope(), client).stream().filter(a -> "REJECTED".equals(a.decision())).forEach(a -> rejected.add(a.name() + "=" + a.version()));
        return plans(viewer, client, "security", (u, p) -> "AUTOMATIC".equals(p.securityApproval()) && "yes".equals(u.security())
                && !rejected.contains(u.name() + "=" + u.candidateVersion()));
    }

    /**
     * Runs the client's security updates now, under an active standard change of the installer (only when the policy
     * approves security updates automatically); each group is its own task, run in the devices' maintenance windows.
     */
    @Transactional
    public List<SecurityRun> runSecurity(Viewer viewer, ClientId client) {
        PatchPolicy p = policies.get(viewer, client);
        if (!"AUTOMATIC".equals(p.securityApproval())
                && overrides.list(viewer, client).stream().noneMatch(o -> "AUTOMATIC".equals(o.securityApproval()))) {
            throw new ConflictException("securityApproval", "This client's policy has people approve security updates: request them as a task.");
        }
        List<SecurityRun> out = new ArrayList<>();
        for (InstallPlan plan : securityPlans(viewer, client)) {
            TaskService.ApprovalOutcome outcome = tasks.runStandard(viewer, new TaskDraft(client, plan.scriptVersionId(), parameters(plan), "DEVICES",
                    plan.deviceIds().stream().map(DeviceId::value).toList(), null, "window", null, null, null, null, null, null));
            out.add(new SecurityRun(plan, outcome.task().id(), outcome.refusal()));
        }
        return out;
    }

    private interface Pick {
        boolean take(ScanRepository.UpdateRow u, PatchPolicy devicePolicy);
    }

    /** A task's devices share the package list and the reboot choice, both of which the task carries. */
    private record Group(String packages, String reboot, int warning) implements Comparable<Group> {
        @Override
        public int compareTo(Group o) {
            return java.util.Comparator.comparing(Group::packages).thenComparing(Group::reboot).thenComparingInt(Group::warning).compare(this, o);
        }
    }

    private List<InstallPlan> plans(Viewer viewer, ClientId client, String scope, Pick pick) {
        clients.get(viewer, client);
        UUID version = library.patchInstaller().id();
        PolicyBook book = overrides.book(viewer, client);
        Map<DeviceId, List<PatchInstall.Package>> byDevice = new LinkedHashMap<>();
        for (ScanRepository.UpdateRow u : scans.updates(viewer.scope(), client)) {
            PatchPolicy p = book.of(client, u.deviceId());
            if (p.heldPackages().contains(u.name()) || !pick.take(u, p)) {
                continue;
            }
            try {
                byDevice.computeIfAbsent(u.deviceId(), k -> new ArrayList<>()).add(new PatchInstall.Package(u.name(), u.candidateVersion()));
            } catch (IllegalArgumentException notInstallable) {
                // A name or version the installer's strict list cannot carry (the agent would refuse it): left out.
            }
        }
        Map<Group, List<DeviceId>> groups = new TreeMap<>();
        byDevice.forEach((device, packages) -> {
            PatchPolicy p = book.of(client, device);
            groups.computeIfAbsent(new Group(PatchInstall.packages(packages), p.reboot(), p.rebootWarningMinutes()), k -> new ArrayList<>()).add(device);
        });
        List<InstallPlan> out = new ArrayList<>();
        groups.forEach((g, devices) -> out.add(new InstallPlan(client, version, scope, g.packages(), List.copyOf(devices), g.reboot(), g.warning(),
                link(client, version, scope, g.packages(), devices, g.reboot(), g.warning()))));
        return out;
    }

    private static Map<String, String> parameters(InstallPlan plan) {
        return Map.of(PatchInstall.PACKAGES, plan.packages(), PatchInstall.SCOPE, plan.scope(), PatchInstall.REBOOT, plan.reboot(),
                PatchInstall.REBOOT_WARNING, Integer.toString(plan.rebootWarningMinutes()));
    }

    /** The task form filled in for these devices and packages (also the retry offered to people). */
    static String link(ClientId client, UUID version, String scope, String packages, List<DeviceId> devices, String reboot, int warning) {
        StringBuilder sb = new StringBuilder("/tasks/new?clientId=").append(client).append("&scriptVersionId=").append(version)
                .append("&targetKind=DEVICES&schedule=window");
        devices.forEach(d -> sb.append("&deviceIds=").append(d));
        sb.append("&param.").append(PatchInstall.PACKAGES).append('=').append(enc(packages));
        sb.append("&param.").append(PatchInstall.SCOPE).append('=').append(scope);
        sb.append("&param.").append(PatchInstall.REBOOT).append('=').append(reboot);
        sb.append("&param.").append(PatchInstall.REBOOT_WARNING).append('=').append(warning);
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
