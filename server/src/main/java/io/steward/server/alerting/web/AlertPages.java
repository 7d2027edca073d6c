package io.steward.server.alerting.web;

import java.util.List;

import io.steward.server.alerting.Alert;
import io.steward.server.alerting.AlertPolicy;
import io.steward.server.alerting.AlertService;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Alerts and alert policies: a page for technicians and the API. */
@Controller
class AlertPages {
    private final AlertService alerts;
    private final io.steward.server.tenancy.ClientService clients;

    AlertPages(AlertService alerts, io.steward.server.tenancy.ClientService clients) {
        this.alerts = alerts;
        this.clients = clients;
    }

    @GetMapping("/alerts")
    String page(Viewer viewer, @RequestParam(defaultValue = "OPEN") String state, Model model) {
        model.addAttribute("alerts", alerts.list(viewer, "ALL".equals(state) ? null : state));
        model.addAttribute("policies", alerts.policies(viewer));
        model.addAttribute("state", state);
        model.addAttribute("windows", alerts.currentAndComing(viewer));
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        return "alerts";
    }

    /** Plans a window from the page; times are entered in UTC. */
    @PostMapping("/alerts/maintenance")
    String plan(Viewer viewer, @RequestParam(required = false) java.util.UUID clientId, @RequestParam(defaultValue = "") String startsAt,
                @RequestParam(defaultValue = "") String endsAt, @RequestParam(defaultValue = "") String reason,
                @RequestParam(defaultValue = "ONCE") String recurrence, @RequestParam(required = false) List<String> days,
                @RequestParam(defaultValue = "") String startTime, @RequestParam(defaultValue = "") String durationMinutes,
                org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        Object saved = io.steward.server.web.Forms.attempt(errors, () -> {
            if (clientId == null) {
                throw new io.steward.server.shared.InvalidInputException("clientId", "Choose a client.");
            }
            if ("WEEKLY".equals(recurrence)) {
                return alerts.createWindow(viewer, new io.steward.server.shared.ClientId(clientId), new AlertService.WindowDraft(null,
                        startsAt.isBlank() ? null : utc(startsAt, "startsAt"), endsAt.isBlank() ? null : utc(endsAt, "endsAt"),
                        reason.isBlank() ? null : reason, null, "WEEKLY", days, startTime, (int) decimal(durationMinutes, "durationMinutes")));
            }
            return alerts.createWindow(viewer, new io.steward.server.shared.ClientId(clientId),
                    new AlertService.WindowDraft(null, utc(startsAt, "startsAt"), utc(endsAt, "endsAt"), reason.isBlank() ? null : reason));
        });
        if (saved == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", "Maintenance window planned.");
        }
        return "redirect:/alerts";
    }

    private static java.time.Instant utc(String value, String field) {
        try {
            return java.time.LocalDateTime.parse(value.strip()).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            throw new io.steward.server.shared.InvalidInputException(field, "Use a date and time such as 2026-11-28T22:00.");
        }
    }

    @GetMapping("/api/v1/alerts")
    @ResponseBody
    @Operation(summary = "Alerts in the caller's scope, newest first; state OPEN or RESOLVED", tags = "Alerts")
    List<Alert> list(Viewer viewer, @RequestParam(required = false) String state) {
        return alerts.list(viewer, state);
    }

    @GetMapping("/api/v1/clients/{clientId}/maintenance-windows")
    @ResponseBody
    @Operation(summary = "A client's maintenance windows", tags = "Alerts")
    List<io.steward.server.alerting.MaintenanceWindow> windows(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String clientId) {
        return alerts.windows(viewer, io.steward.server.shared.ClientId.parse(clientId));
    }

    @PostMapping("/api/v1/clients/{clientId}/maintenance-windows")
    @ResponseBody
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Plan a maintenance window for a client or one of its devices: problems starting inside it open no incident",
            tags = "Alerts")
    io.steward.server.alerting.MaintenanceWindow createWindow(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String clientId,
                                                              @Valid @RequestBody AlertService.WindowDraft draft) {
        return alerts.createWindow(viewer, io.steward.server.shared.ClientId.parse(clientId), draft);
    }

    /** The device page's alerting panel (loaded by htmx): its alerts, the policies that apply, and the disk forecast. */
    @GetMapping("/devices/{deviceId}/alerting")
    String devicePanel(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String deviceId, Model model) {
        io.steward.server.shared.DeviceId id = io.steward.server.shared.DeviceId.parse(deviceId);
        model.addAttribute("alerts", alerts.list(viewer, null, id).stream().limit(20).toList());
        model.addAttribute("effective", alerts.effectivePolicies(viewer, id));
        model.addAttribute("forecasts", alerts.forecasts(viewer, id));
        return "device-alerting";
    }

    /** Adds a policy from the alerts page (client-wide, or MSP-wide when no client is chosen). */
    @PostMapping("/alerts/policies")
    String addPolicy(Viewer viewer, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String metric,
                     @RequestParam(defaultValue = "ABOVE") String comparison, @RequestParam(defaultValue = "") String threshold,
                     @RequestParam(defaultValue = "") String recoveryThreshold, @RequestParam(defaultValue = "WARNING") String severity,
                     @RequestParam(required = false) java.util.UUID clientId, @RequestParam(defaultValue = "LAST") String aggregation,
                     @RequestParam(defaultValue = "0") String windowSeconds, @RequestParam(defaultValue = "0") String forSeconds,
                     org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        Object saved = io.steward.server.web.Forms.attempt(errors, () -> {
            if (name.isBlank() || !metric.matches("[a-z][a-z0-9_.]{0,99}") || !comparison.matches("ABOVE|BELOW") || !severity.matches("WARNING|CRITICAL")
                    || !aggregation.matches("LAST|AVG|MAX")) {
                throw new io.steward.server.shared.InvalidInputException("metric", "Give a name, a metric such as fs.used_pct, a comparison and a severity.");
            }
            return alerts.createPolicy(viewer, new AlertService.PolicyDraft(name, metric, comparison, decimal(threshold, "threshold"),
                    decimal(recoveryThreshold, "recoveryThreshold"), severity, clientId, null, null, null, aggregation,
                    (int) decimal(windowSeconds, "windowSeconds"), (int) decimal(forSeconds, "forSeconds"), true));
        });
        flash.addFlashAttribute(saved == null ? "error" : "notice", saved == null ? String.join(" ", errors.values()) : "Policy added.");
        return "redirect:/alerts";
    }

    private static double decimal(String value, String field) {
        try {
            double d = Double.parseDouble(value.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new io.steward.server.shared.InvalidInputException(field, "Enter a number.");
        }
    }

    @GetMapping("/api/v1/alert-policies/{alertPolicyId}")
    @ResponseBody
    @Operation(summary = "An alert policy with its scope and exclusions", tags = "Alerts")
    AlertPolicy policy(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String alertPolicyId) {
        return alerts.policy(viewer, io.steward.server.shared.Ids.parseUuid(alertPolicyId));
    }

    @PostMapping("/api/v1/alert-policies/{alertPolicyId}/exclusions")
    @ResponseBody
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Exclude one site, device group or device from a policy (MSP admin, service manager)", tags = "Alerts")
    AlertPolicy exclude(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String alertPolicyId,
                        @RequestBody AlertService.ExclusionDraft draft) {
        return alerts.exclude(viewer, io.steward.server.shared.Ids.parseUuid(alertPolicyId), draft);
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/alert-policies/{alertPolicyId}/exclusions/{exclusionId}")
    @ResponseBody
    @Operation(summary = "Give an excluded site, group or device back to the policy", tags = "Alerts")
    AlertPolicy include(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String alertPolicyId,
                        @org.springframework.web.bind.annotation.PathVariable String exclusionId) {
        return alerts.removeExclusion(viewer, io.steward.server.shared.Ids.parseUuid(alertPolicyId), io.steward.server.shared.Ids.parseUuid(exclusionId));
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/maintenance-windows/{maintenanceWindowId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel a maintenance window; problems page people again from now on", tags = "Alerts")
    void cancelWindowApi(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String maintenanceWindowId) {
        alerts.cancelWindow(viewer, io.steward.server.shared.Ids.parseUuid(maintenanceWindowId));
    }

    @PostMapping("/alerts/maintenance/{maintenanceWindowId}/cancel")
    String cancelWindow(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String maintenanceWindowId,
                        org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        alerts.cancelWindow(viewer, io.steward.server.shared.Ids.parseUuid(maintenanceWindowId));
        flash.addFlashAttribute("notice", "Maintenance window cancelled.");
        return "redirect:/alerts";
    }

    /** Whether a policy is on. */
    record Enabled(boolean enabled) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/v1/alert-policies/{alertPolicyId}/enabled")
    @ResponseBody
    @Operation(summary = "Switch a policy on or off", tags = "Alerts")
    AlertPolicy enable(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String alertPolicyId, @RequestBody Enabled body) {
        return alerts.setEnabled(viewer, io.steward.server.shared.Ids.parseUuid(alertPolicyId), body.enabled());
    }

    @GetMapping("/api/v1/devices/{deviceId}/alert-policies")
    @ResponseBody
    @Operation(summary = "The policies that apply to a device after inheritance (default, client, site, group, device) and exclusions",
            tags = "Alerts")
    List<AlertPolicy> effective(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String deviceId) {
        return alerts.effectivePolicies(viewer, io.steward.server.shared.DeviceId.parse(deviceId));
    }

    @GetMapping("/api/v1/devices/{deviceId}/alerts")
    @ResponseBody
    @Operation(summary = "A device's alerts, newest first; state OPEN or RESOLVED", tags = "Alerts")
    List<Alert> deviceAlerts(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String deviceId,
                             @RequestParam(required = false) String state) {
        return alerts.list(viewer, state, io.steward.server.shared.DeviceId.parse(deviceId));
    }

    @GetMapping("/api/v1/devices/{deviceId}/disk-forecast")
    @ResponseBody
    @Operation(summary = "The latest daily fill forecast of each of a device's file systems (trend of the last 14 days' daily highs)",
            tags = "Alerts")
    List<io.steward.server.alerting.DiskForecast> forecast(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable String deviceId) {
        return alerts.forecasts(viewer, io.steward.server.shared.DeviceId.parse(deviceId));
    }

    @GetMapping("/api/v1/alert-policies")
    @ResponseBody
    @Operation(summary = "Alert policies (MSP-wide and per client)", tags = "Alerts")
    List<AlertPolicy> policies(Viewer viewer) {
        return alerts.policies(viewer);
    }

    @PostMapping("/api/v1/alert-policies")
    @ResponseBody
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an alert policy: metric ABOVE or BELOW a threshold, with a recovery threshold (MSP admin, service manager)",
            tags = "Alerts")
    AlertPolicy create(Viewer viewer, @Valid @RequestBody AlertService.PolicyDraft draft) {
        return alerts.createPolicy(viewer, draft);
    }
}
