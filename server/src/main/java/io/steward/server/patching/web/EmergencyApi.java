package io.steward.server.patching.web;

import java.util.List;

import io.steward.server.patching.PatchEmergencies;
import io.steward.server.patching.PatchEmergency;
import io.steward.server.patching.PatchInstalls;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Emergency cycles over JSON: a CVE for a client, its exposed devices, the prepared run and each device's time to remediate. */
@RestController
@RequestMapping("/api/v1/patches")
@Tag(name = "Patch emergencies", description = "A technician names a CVE for a client; every device exposed to it (an available update "
        + "fixes it) is tracked until a scan no longer offers such an update (patched: time to remediate from first exposure) or it is "
        + "excepted with a reason; the cycle closes when no device is left. The prepared run is the fixing updates as task drafts.")
class EmergencyApi {
    private final PatchEmergencies emergencies;
    private final PatchInstalls installs;

    EmergencyApi(PatchEmergencies emergencies, PatchInstalls installs) {
        this.emergencies = emergencies;
        this.installs = installs;
    }

    record Opening(String cve) {
    }

    record Exception(String cve, DeviceId deviceId, String reason) {
    }

    @GetMapping("/emergencies")
    @Operation(summary = "Emergency cycles of the clients the caller sees, newest first; optionally of one client or CVE")
    List<PatchEmergency> listPatchEmergencies(Viewer viewer, @RequestParam(required = false) ClientId clientId,
                                              @RequestParam(required = false) String cve) {
        return emergencies.list(viewer, clientId, cve);
    }

    @PostMapping("/clients/{clientId}/emergencies")
    @Operation(summary = "Open the client's emergency cycle for a CVE (or get the open one), with every device exposed now")
    PatchEmergency openPatchEmergency(Viewer viewer, @PathVariable ClientId clientId, @RequestBody Opening body) {
        return emergencies.open(viewer, clientId, body.cve());
    }

    @PostMapping("/clients/{clientId}/emergencies/exceptions")
    @Operation(summary = "Except an exposed device from the client's open cycle for a CVE, with a reason")
    PatchEmergency exceptPatchEmergencyDevice(Viewer viewer, @PathVariable ClientId clientId, @RequestBody Exception body) {
        return emergencies.except(viewer, clientId, body.cve(), body.deviceId(), body.reason());
    }

    @GetMapping("/clients/{clientId}/emergencies/plans")
    @Operation(summary = "The prepared emergency run: the updates fixing the CVE on the client's devices as task drafts, one per package list")
    List<PatchInstalls.InstallPlan> listEmergencyPlans(Viewer viewer, @PathVariable ClientId clientId, @RequestParam String cve) {
        return installs.cvePlans(viewer, clientId, io.steward.server.patching.PatchService.cveId(cve));
    }
}
