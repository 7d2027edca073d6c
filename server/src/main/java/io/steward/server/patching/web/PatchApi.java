package io.steward.server.patching.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.steward.server.patching.PatchInstalls;
import io.steward.server.patching.PatchPolicies;
import io.steward.server.patching.PatchPolicy;
import io.steward.server.patching.PatchService;
import io.steward.server.patching.PatchViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Patching over JSON: scans, missing and security updates, compliance, CVE exposure, policies and approvals (staff only). */
@RestController
@RequestMapping("/api/v1/patches")
@Tag(name = "Patches", description = "What the agents' scans found (available updates with their origin, security class, severity and CVE "
        + "ids, held packages, reboots pending), how old the security updates are against the client's deadline, patch compliance per "
        + "client (the share of scanned devices with no security update older than the deadline), which devices a CVE exposes, "
        + "per-client patch policies and decisions on package versions. Technicians limited to some clients see only theirs.")
class PatchApi {
    private final PatchService patches;
    private final PatchPolicies policies;
    private final PatchInstalls installs;

    PatchApi(PatchService patches, PatchPolicies policies, PatchInstalls installs) {
        this.patches = patches;
        this.policies = policies;
        this.installs = installs;
    }

    /** The built-in installer's script version: what patch tasks run and what a standard change for security patching names. */
    record Installer(java.util.UUID scriptId, java.util.UUID scriptVersionId, String name, String interpreter, String sha256) {
    }

    @GetMapping("/installer")
    @Operation(summary = "The built-in patch installer (a library script of interpreter 'patch' with a fixed body, made on first use)")
    Installer getPatchInstaller(Viewer viewer) {
        var v = installs.installer(viewer);
        return new Installer(v.scriptId(), v.id(), v.scriptName(), v.interpreter(), v.sha256());
    }

    @GetMapping("/clients/{clientId}/install-plans")
    @Operation(summary = "The client's updates as installer tasks, one per distinct package list with its devices: scope=approved "
            + "(approved versions; each plan carries the task form's link, to be requested and approved by two people) or security "
            + "(security updates, for a standard run)")
    List<PatchInstalls.InstallPlan> listInstallPlans(Viewer viewer, @PathVariable ClientId clientId,
                                                     @RequestParam(defaultValue = "approved") String scope) {
        return "security".equals(scope) ? installs.securityPlans(viewer, clientId) : installs.approvedPlans(viewer, clientId);
    }

    @PostMapping("/clients/{clientId}/security-run")
    @Operation(summary = "Run the client's security updates now under an active standard change of the installer (policy: automatic "
            + "approval of security updates); 403 when no standard change covers it, 409 when the policy wants people to approve")
    List<PatchInstalls.SecurityRun> runSecurityUpdates(Viewer viewer, @PathVariable ClientId clientId) {
        return installs.runSecurity(viewer, clientId);
    }

    @GetMapping("/devices")
    @Operation(summary = "Approved devices with their patch status; filter: all, missing, security, overdue (a security update past the "
            + "deadline), reboot (pending), stale (not scanned within twice the scan interval)")
    List<PatchViews.DeviceStatus> listPatchDevices(Viewer viewer, @RequestParam(required = false) ClientId clientId,
                                                   @RequestParam(required = false) String filter) {
        return patches.devices(viewer, clientId, filter);
    }

    @GetMapping("/devices/{deviceId}")
    @Operation(summary = "One device's last scan, available updates (oldest first, with age and whether past the deadline) and history")
    PatchViews.DevicePatches getDevicePatches(Viewer viewer, @PathVariable DeviceId deviceId) {
        return patches.device(viewer, deviceId);
    }

    @GetMapping("/clients")
    @Operation(summary = "Patch compliance and counts per client (fleet-wide)")
    List<PatchViews.ClientSummary> listPatchClients(Viewer viewer) {
        return patches.clients(viewer, null);
    }

    @GetMapping("/clients/{clientId}")
    @Operation(summary = "One client's patch compliance and counts")
    PatchViews.ClientSummary getPatchClient(Viewer viewer, @PathVariable ClientId clientId) {
        List<PatchViews.ClientSummary> list = patches.clients(viewer, clientId);
        return list.isEmpty() ? new PatchViews.ClientSummary(clientId, "", 0, io.steward.server.patching.Compliance.of(0, 0, 0), 0, 0, 0, 0, 0,
                policies.get(viewer, clientId).securityDeadlineDays()) : list.getFirst();
    }

    @GetMapping("/updates")
    @Operation(summary = "Outstanding updates, one row per client, package and version with the number of devices, the age since first "
            + "seen and the decision (PENDING, APPROVED, REJECTED, HELD by policy), oldest first, one page (size 1 to 500, default 100) with "
            + "the total; filters: client, security only, CVE id, package name. The whole fleet's list is recomputed per client shortly after "
            + "scans arrive (asOf: the oldest recomputation it rests on); a client's or a CVE's list is grouped live (asOf null)")
    PatchViews.OutstandingList listOutstandingUpdates(Viewer viewer, @RequestParam(required = false) ClientId clientId,
                                                                                 @RequestParam(defaultValue = "false") boolean security,
                                                                                 @RequestParam(required = false) String cve,
                                                                                 @RequestParam(required = false) String name,
                                                                                 @RequestParam(defaultValue = "0") int page,
                                                                                 @RequestParam(defaultValue = "100") int size) {
        return patches.outstanding(viewer, clientId, security, cve, name, page, size);
    }

    @GetMapping("/exposure")
    @Operation(summary = "Which devices are exposed to a CVE (an available update on them fixes it): how many, per client, and one page of "
            + "the devices (size 1 to 500, default 100), the longest exposed first")
    PatchViews.ExposureAnswer getCveExposure(Viewer viewer, @RequestParam String cve, @RequestParam(defaultValue = "0") int page,
                                             @RequestParam(defaultValue = "100") int size) {
        return patches.exposure(viewer, cve, page, size);
    }

    @PostMapping("/decisions")
    @Operation(summary = "Approve or reject package versions for a client (mass approval; technicians, service managers, admins)")
    Map<String, Integer> decidePatches(Viewer viewer, @RequestBody PatchViews.Decision decision) {
        return Map.of("decided", patches.decide(viewer, decision));
    }

    @GetMapping("/clients/{clientId}/policy")
    @Operation(summary = "The client's patch policy (its defaults when never set: version 0); ETag is its version")
    ResponseEntity<PolicyView> getPatchPolicy(Viewer viewer, @PathVariable ClientId clientId) {
        PatchPolicy p = policies.get(viewer, clientId);
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(new PolicyView(p, policies.nextCycle(viewer, clientId)));
    }

    @PutMapping("/clients/{clientId}/policy")
    @Operation(summary = "Change the client's patch policy (fields left out keep their value); If-Match: the version read (\"0\" for the "
            + "defaults); 412 when it changed since, 400 with the field at fault")
    ResponseEntity<PolicyView> updatePatchPolicy(Viewer viewer, @PathVariable ClientId clientId, ExpectedVersion ifMatch,
                                                 @RequestBody PatchPolicy.Draft draft) {
        PatchPolicy p = policies.update(viewer, clientId, draft, ifMatch.value());
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(new PolicyView(p, policies.nextCycle(viewer, clientId)));
    }

    @PostMapping("/clients/{clientId}/scan-request")
    @Operation(summary = "Ask every device of the client to scan for updates at its next heartbeat")
    ResponseEntity<PolicyView> requestPatchScan(Viewer viewer, @PathVariable ClientId clientId) {
        PatchPolicy p = policies.requestScan(viewer, clientId);
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(new PolicyView(p, policies.nextCycle(viewer, clientId)));
    }

    /** A policy with its next standard cycle day (in the client's time zone). */
    record PolicyView(PatchPolicy policy, LocalDate nextCycle) {
    }
}
