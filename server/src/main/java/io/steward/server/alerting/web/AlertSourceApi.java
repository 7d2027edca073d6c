package io.steward.server.alerting.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.alerting.AlertSource;
import io.steward.server.alerting.AlertSourceService;
import io.steward.server.alerting.ExternalAlert;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A client's inbound alert sources and the alerts other monitors sent, over JSON (staff who serve the client). */
@RestController
class AlertSourceApi {
    private static final String TAG = "Alert sources";

    private final AlertSourceService sources;

    AlertSourceApi(AlertSourceService sources) {
        this.sources = sources;
    }

    @GetMapping("/api/v1/clients/{clientId}/alert-sources")
    @Operation(summary = "A client's inbound alert sources (Alertmanager, Uptime Kuma, generic JSON) with when each last sent and its last error",
            tags = TAG)
    List<AlertSource> list(Viewer viewer, @PathVariable ClientId clientId) {
        return sources.sources(viewer, clientId);
    }

    @PostMapping("/api/v1/clients/{clientId}/alert-sources")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an alert source: the answer carries its secret (shown this once), its URL and ready-to-paste sender settings",
            tags = TAG)
    HookInstructions create(Viewer viewer, @PathVariable ClientId clientId, @Valid @RequestBody AlertSourceService.SourceDraft draft) {
        return HookInstructions.of(sources.create(viewer, clientId, draft));
    }

    @GetMapping("/api/v1/clients/{clientId}/alert-sources/{alertSourceId}")
    @Operation(summary = "One alert source (never its secret)", tags = TAG)
    AlertSource one(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID alertSourceId) {
        return sources.source(viewer, clientId, alertSourceId);
    }

    @PatchMapping("/api/v1/clients/{clientId}/alert-sources/{alertSourceId}")
    @Operation(summary = "Rename an alert source or switch it off/on (a switched-off source's requests are refused with 403)", tags = TAG)
    AlertSource update(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID alertSourceId,
                       @Valid @RequestBody AlertSourceService.SourceChange change) {
        return sources.update(viewer, clientId, alertSourceId, change);
    }

    @PostMapping("/api/v1/clients/{clientId}/alert-sources/{alertSourceId}/rotate-secret")
    @Operation(summary = "Replace an alert source's secret: the old one stops working at once; the new one is shown this once", tags = TAG)
    HookInstructions rotate(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID alertSourceId) {
        return HookInstructions.of(sources.rotateSecret(viewer, clientId, alertSourceId));
    }

    @DeleteMapping("/api/v1/clients/{clientId}/alert-sources/{alertSourceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an alert source and the alerts it sent (their incidents stay)", tags = TAG)
    void delete(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID alertSourceId) {
        sources.delete(viewer, clientId, alertSourceId);
    }

    @GetMapping("/api/v1/alerts/external")
    @Operation(summary = "Alerts other monitors sent (newest first), with their source, the source's own start time and their incident;"
            + " state OPEN or RESOLVED, optionally of one client", tags = "Alerts")
    List<ExternalAlert> external(Viewer viewer, @RequestParam(required = false) String state, @RequestParam(required = false) ClientId clientId) {
        return sources.externalAlerts(viewer, state, clientId);
    }
}
