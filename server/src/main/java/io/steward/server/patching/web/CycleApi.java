package io.steward.server.patching.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.patching.PatchCycleRun;
import io.steward.server.patching.PatchCycles;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Standard patch cycles over JSON. */
@RestController
@RequestMapping("/api/v1/patches/cycles")
@Tag(name = "Patch cycles", description = "On a client's standard cycle day, when its policy approves security updates automatically, Steward "
        + "installs them by itself as standard runs of the installer in the devices' maintenance windows, once per client and day: the "
        + "policy's pilot group first, the rest pilotWaitDays after the pilot's runs all finished unless the share of pilot devices whose "
        + "install failed passed ringStopPercent (then the cycle is STOPPED with its reason until a service manager or admin resumes or "
        + "cancels it). A pre-script and a post-script of the policy run as standard runs around the install (install only where the "
        + "pre-script succeeded); without an active standard change for one of them the cycle stops rather than install without it.")
class CycleApi {
    private final PatchCycles cycles;

    CycleApi(PatchCycles cycles) {
        this.cycles = cycles;
    }

    @GetMapping
    @Operation(summary = "Cycles of the clients the caller sees, newest first, with their rings, state, counts and reason; optionally of one client")
    List<PatchCycleRun> listPatchCycles(Viewer viewer, @RequestParam(required = false) ClientId clientId) {
        return cycles.list(viewer, clientId);
    }

    @GetMapping("/{cycleId}")
    @Operation(summary = "One cycle; 404 outside the caller's clients")
    PatchCycleRun getPatchCycle(Viewer viewer, @PathVariable UUID cycleId) {
        return cycles.get(viewer, cycleId);
    }

    @PostMapping("/{cycleId}/resume")
    @Operation(summary = "Resume a stopped cycle (service managers and admins; audited); stopped at the pilot's failure threshold, the rest "
            + "ring then follows; 409 unless stopped")
    PatchCycleRun resumePatchCycle(Viewer viewer, @PathVariable UUID cycleId) {
        return cycles.resume(viewer, cycleId);
    }

    @PostMapping("/{cycleId}/cancel")
    @Operation(summary = "Cancel a running or stopped cycle: it starts no more tasks (service managers and admins; audited); 409 when it ended")
    PatchCycleRun cancelPatchCycle(Viewer viewer, @PathVariable UUID cycleId) {
        return cycles.cancel(viewer, cycleId);
    }
}
