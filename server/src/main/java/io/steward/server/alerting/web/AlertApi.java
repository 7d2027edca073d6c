package io.steward.server.alerting.web;
import java.util.List;
import io.steward.server.alerting.Alert;
import io.steward.server.alerting.AlertPolicy;
import io.steward.server.alerting.AlertService;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Alerts, alert policies and maintenance windows over JSON (staff); errors are problem+json. */
@RestController
class AlertApi {
    private final AlertService alerts;

    AlertApi(AlertService alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/api/v1/alerts")
    @Operation(summary = "Alerts in the caller's scope, newest first; state OPEN or RESOLVED, severity WARNING or CRITICAL", tags = "Alerts")
    List<Alert> list(Viewer viewer, @RequestParam(required = false) String state, @RequestParam(required = false) String severity,
                     @RequestParam(defaultValue = "false") boolean hideSnoozed) {
        return alerts.list(viewer, state, severity, hideSnoozed);
    }

    @GetMapping("/api/v1/alerts/{alertId}")
    @Operation(summary = "One alert, with who acknowledged it and until when it is snoozed", tags = "Alerts")
    Alert one(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertId) {
        return alerts.alert(viewer, alertId);
    }

    @PostMapping("/api/v1/alerts/{alertId}/acknowledgement")
    @Operation(summary = "Acknowledge an open alert (staff who may write); idempotent, the first acknowledgement stands; its incident notes it",
            tags = "Alerts")
    Alert acknowledge(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertId) {
        return alerts.acknowledge(viewer, alertId);
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/alerts/{alertId}/acknowledgement")
    @Operation(summary = "Withdraw an alert's acknowledgement; idempotent", tags = "Alerts")
    Alert unacknowledge(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertId) {
        return alerts.unacknowledge(viewer, alertId);
    }

    @PostMapping("/api/v1/alerts/{alertId}/snooze")
    @Operation(summary = "Snooze an alert for 5 to 10080 minutes: until then its condition firing again on the device pages nobody and"
            + " opens or reopens no incident", tags = "Alerts")
    Alert snooze(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertId,
                 @Valid @RequestBody AlertService.Snooze snooze) {
        return alerts.snooze(viewer, alertId, snooze);
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/alerts/{alertId}/snooze")
    @Operation(summary = "End an alert's snooze now; idempotent", tags = "Alerts")
    Alert unsnooze(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertId) {
        return alerts.unsnooze(viewer, alertId);
    }

    @GetMapping("/api/v1/clients/{clientId}/maintenance-windows")
    @Operation(summary = "A client's maintenance windows", tags = "Alerts")
    List<io.steward.server.alerting.MaintenanceWindow> windows(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable io.steward.server.shared.ClientId clientId) {
        return alerts.windows(viewer, clientId);
    }

    @PostMapping("/api/v1/clients/{clientId}/maintenance-windows")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Plan a maintenance window for a client or one of its devices: problems starting inside it open no incident",
            tags = "Alerts")
    io.steward.server.alerting.MaintenanceWindow createWindow(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable io.steward.server.shared.ClientId clientId,
                                                              @Valid @RequestBody AlertService.WindowDraft draft) {
        return alerts.createWindow(viewer, clientId, draft);
    }

    @GetMapping("/api/v1/alert-policies/{alertPolicyId}")
    @Operation(summary = "An alert policy with its scope and exclusions", tags = "Alerts")
    AlertPolicy policy(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertPolicyId) {
        return alerts.policy(viewer, alertPolicyId);
    }

    @PostMapping("/api/v1/alert-policies/{alertPolicyId}/exclusions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Exclude one site, device group or device from a policy (MSP admin, service manager)", tags = "Alerts")
    AlertPolicy exclude(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertPolicyId,
                        @RequestBody AlertService.ExclusionDraft draft) {
        return alerts.exclude(viewer, alertPolicyId, draft);
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/alert-policies/{alertPolicyId}/exclusions/{exclusionId}")
    @Operation(summary = "Give an excluded site, group or device back to the policy", tags = "Alerts")
    AlertPolicy include(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertPolicyId,
                        @org.springframework.web.bind.annotation.PathVariable java.util.UUID exclusionId) {
        return alerts.removeExclusion(viewer, alertPolicyId, exclusionId);
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/maintenance-windows/{maintenanceWindowId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel a maintenance window; problems page people again from now on", tags = "Alerts")
    void cancelWindowApi(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID maintenanceWindowId) {
        alerts.cancelWindow(viewer, maintenanceWindowId);
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/v1/alert-policies/{alertPolicyId}/thresholds")
    @Operation(summary = "Change a policy's name, thresholds and severity (MSP admin, service manager); applies from the next batch", tags = "Alerts")
    AlertPolicy thresholds(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertPolicyId,
                           @Valid @RequestBody AlertService.ThresholdChange change) {
        return alerts.changeThresholds(viewer, alertPolicyId, change);
    }

    /** Whether a policy is on. */
    record Enabled(boolean enabled) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/v1/alert-policies/{alertPolicyId}/enabled")
    @Operation(summary = "Switch a policy on or off", tags = "Alerts")
    AlertPolicy enable(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertPolicyId, @RequestBody Enabled body) {
        return alerts.setEnabled(viewer, alertPolicyId, body.enabled());
    }

    @GetMapping("/api/v1/devices/{deviceId}/alert-policies")
    @Operation(summary = "The policies that apply to a device after inheritance (default, client, site, group, device) and exclusions",
            tags = "Alerts")
    List<AlertPolicy> effective(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable io.steward.server.shared.DeviceId deviceId) {
        return alerts.effectivePolicies(viewer, deviceId);
    }

    @GetMapping("/api/v1/devices/{deviceId}/alerts")
    @Operation(summary = "A device's alerts, newest first; state OPEN or RESOLVED", tags = "Alerts")
    List<Alert> deviceAlerts(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable io.steward.server.shared.DeviceId deviceId,
                             @RequestParam(required = false) String state) {
        return alerts.list(viewer, state, deviceId);
    }

    @GetMapping("/api/v1/devices/{deviceId}/disk-forecast")
    @Operation(summary = "The latest daily fill forecast of each of a device's file systems (robust trend of up to 21 days' daily highs"
            + " since the last clean-up); 'not enough data (needs 7 days, has K)' instead of a date while there is less history",
            tags = "Alerts")
    List<io.steward.server.alerting.DiskForecast> forecast(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable io.steward.server.shared.DeviceId deviceId) {
        return alerts.forecasts(viewer, deviceId);
    }

    @GetMapping("/api/v1/alert-policies")
    @Operation(summary = "Alert policies (MSP-wide and per client)", tags = "Alerts")
    List<AlertPolicy> policies(Viewer viewer) {
        return alerts.policies(viewer);
    }

    @PostMapping("/api/v1/alert-policies")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an alert policy: metric ABOVE or BELOW a threshold, with a recovery threshold (MSP admin, service manager)",
            tags = "Alerts")
    AlertPolicy create(Viewer viewer, @Valid @RequestBody AlertService.PolicyDraft draft) {
        return alerts.createPolicy(viewer, draft);
    }
}
