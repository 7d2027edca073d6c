package io.steward.server.patching.web;

import java.util.List;

import io.steward.server.patching.InstallAttempts;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Failed installs and their retries over JSON (staff only; a device or client outside the viewer's scope is not found). */
@RestController
@RequestMapping("/api/v1/patches")
@Tag(name = "Patches")
class RetryApi {
    private final InstallAttempts attempts;

    RetryApi(InstallAttempts attempts) {
        this.attempts = attempts;
    }

    @GetMapping("/devices/{deviceId}/install-attempts")
    @Operation(summary = "The device's failed installs per package version: how often each failed (the first install and the retries), "
            + "the failed tasks and the last reason, and where the retry stands: FAILED (waiting for its backoff until nextAt), RETRYING "
            + "(Steward's standard run retryTaskId), OFFERED (updates people approved: retryDraft is the task form to request) or GAVE_UP "
            + "(the device's incident incidentId); installRetries is the client's policy")
    InstallAttempts.DeviceAttempts getInstallAttempts(Viewer viewer, @PathVariable DeviceId deviceId) {
        return attempts.device(viewer, deviceId);
    }

    @GetMapping("/retry-offers")
    @Operation(summary = "Retries offered to people (failed installs of updates people approved), one task draft per device, optionally of one client")
    List<InstallAttempts.Offer> listRetryOffers(Viewer viewer, @RequestParam(required = false) ClientId clientId) {
        return attempts.offers(viewer, clientId);
    }
}
