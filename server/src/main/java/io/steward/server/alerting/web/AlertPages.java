package io.steward.server.alerting.web;

import java.util.List;

import io.steward.server.alerting.Alert;
import io.steward.server.alerting.AlertPolicy;
import io.steward.server.alerting.AlertService;
import io.steward.server.alerting.AlertingPermissions;
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
    private final java.time.Clock clock;
    private final io.steward.server.shared.ViewerZones zones;
    private final io.steward.server.alerting.AlertSourceService sources;

    AlertPages(AlertService alerts, io.steward.server.tenancy.ClientService clients, java.time.Clock clock,
               io.steward.server.shared.ViewerZones zones, io.steward.server.alerting.AlertSourceService sources) {
        this.zones = zones;
        this.sources = sources;
        this.alerts = alerts;
        this.clients = clients;
        this.clock = clock;
    }

    /** Acknowledges an alert, or withdraws the acknowledgement, from the alerts list. */
    @PostMapping("/alerts/{alertId}/acknowledgement")
    String acknowledge(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertId,
                       @RequestParam(defaultValue = "false") boolean withdraw, org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        if (withdraw) {
            alerts.unacknowledge(viewer, alertId);
        } else {
            alerts.acknowledge(viewer, alertId);
        }
        flash.addFlashAttribute("notice", withdraw ? "Acknowledgement withdrawn." : "Alert acknowledged.");
        return "redirect:/alerts";
    }

    /** Snoozes an alert for the chosen minutes, or ends its snooze (no minutes), from the alerts list. */
    @PostMapping("/alerts/{alertId}/snooze")
    String snooze(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertId,
                  @RequestParam(required = false) Integer minutes, org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        Object done = io.steward.server.web.Forms.attempt(errors, () -> minutes == null ? alerts.unsnooze(viewer, alertId)
                : alerts.snooze(viewer, alertId, new AlertService.Snooze(minutes)));
        flash.addFlashAttribute(done == null ? "error" : "notice",
                done == null ? String.join(" ", errors.values()) : minutes == null ? "Snooze ended." : "Alert snoozed.");
        return "redirect:/alerts";
    }

    @GetMapping("/alerts")
    String page(Viewer viewer, @RequestParam(defaultValue = "OPEN") String state, @RequestParam(required = false) String severity,
                @RequestParam(defaultValue = "false") boolean hideSnoozed, Model model) {
        model.addAttribute("alerts", alerts.list(viewer, "ALL".equals(state) ? null : state, severity, hideSnoozed));
        // Other monitors' alerts beside Steward's own, under the same state and severity filters.
        model.addAttribute("externalAlerts", sources.externalAlerts(viewer, "ALL".equals(state) ? null : state, null).stream()
                .filter(a -> severity == null || severity.isBlank() || a.severity().equals(severity)).toList());
        model.addAttribute("hideSnoozed", hideSnoozed);
        model.addAttribute("now", java.time.Instant.now(clock));
        model.addAttribute("canAct", AlertingPermissions.ACT_ON_ALERTS.allows(viewer));
        model.addAttribute("canManagePolicies", AlertingPermissions.MANAGE_POLICIES.allows(viewer));
        model.addAttribute("canPlanMaintenance", AlertingPermissions.PLAN_MAINTENANCE.allows(viewer));
        model.addAttribute("severity", severity == null || severity.isBlank() ? null : severity);
        model.addAttribute("policies", alerts.policies(viewer));
        model.addAttribute("state", state);
        model.addAttribute("windows", alerts.currentAndComing(viewer));
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        return "alerts";
    }

    /** Plans a window from the page; times are entered in the viewer's own zone. */
    @PostMapping("/alerts/maintenance")
    String plan(Viewer viewer, @RequestParam(required = false) java.util.UUID clientId, @RequestParam(defaultValue = "") String startsAt,
                @RequestParam(defaultValue = "") String endsAt, @RequestParam(defaultValue = "") String reason,
                @RequestParam(defaultValue = "ONCE") String recurrence, @RequestParam(required = false) List<String> days,
                @RequestParam(defaultValue = "") String startTime, @RequestParam(defaultValue = "") String durationMinutes,
                @RequestParam java.util.Map<String, String> typed, org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        Object saved = io.steward.server.web.Forms.attempt(errors, () -> {
            if (clientId == null) {
                throw new io.steward.server.shared.InvalidInputException("clientId", "Choose a client.");
            }
            if ("WEEKLY".equals(recurrence)) {
                return alerts.createWindow(viewer, new io.steward.server.shared.ClientId(clientId), new AlertService.WindowDraft(null,
                        startsAt.isBlank() ? null : local(startsAt, "startsAt", zones.zoneOf(viewer)), endsAt.isBlank() ? null : local(endsAt, "endsAt", zones.zoneOf(viewer)),
                        reason.isBlank() ? null : reason, null, "WEEKLY", days, startTime, (int) decimal(durationMinutes, "durationMinutes")));
            }
            return alerts.createWindow(viewer, new io.steward.server.shared.ClientId(clientId),
                    new AlertService.WindowDraft(null, local(startsAt, "startsAt", zones.zoneOf(viewer)), local(endsAt, "endsAt", zones.zoneOf(viewer)), reason.isBlank() ? null : reason));
        });
        if (saved == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
            // The refused form comes back with what was typed in it (the once or the weekly form).
            flash.addFlashAttribute(typed.containsKey("days") || "WEEKLY".equals(recurrence) ? "weeklyTyped" : "maintenanceTyped", java.util.Map.copyOf(typed));
        } else {
            flash.addFlashAttribute("notice", "Maintenance window planned.");
        }
        return "redirect:/alerts";
    }

    /** A one-off window is typed in the viewer's own zone, the one the list shows windows in. */
    private static java.time.Instant local(String value, String field, java.time.ZoneId zone) {
        try {
            return java.time.LocalDateTime.parse(value.strip()).atZone(zone).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new io.steward.server.shared.InvalidInputException(field, "Use a date and time such as 2026-11-28T22:00.");
        }
    }

    /** The device page's alerting panel (loaded by htmx): its alerts, the policies that apply, and the disk forecast. */
    @GetMapping("/devices/{deviceId}/alerting")
    String devicePanel(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable io.steward.server.shared.DeviceId deviceId, Model model) {
        io.steward.server.shared.DeviceId id = deviceId;
        model.addAttribute("alerts", alerts.list(viewer, null, id).stream().limit(20).toList());
        model.addAttribute("externalAlerts", sources.externalAlerts(viewer, id).stream().limit(20).toList());
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
                     @RequestParam java.util.Map<String, String> typed, org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
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
        if (saved == null) {
            flash.addFlashAttribute("policyTyped", java.util.Map.copyOf(typed));
        }
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

    @PostMapping("/alerts/maintenance/{maintenanceWindowId}/cancel")
    String cancelWindow(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID maintenanceWindowId,
                        org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        alerts.cancelWindow(viewer, maintenanceWindowId);
        flash.addFlashAttribute("notice", "Maintenance window cancelled.");
        return "redirect:/alerts";
    }

    @PostMapping("/alerts/policies/{alertPolicyId}/thresholds")
    String changeThresholds(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable java.util.UUID alertPolicyId,
                            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String threshold,
                            @RequestParam(defaultValue = "") String recoveryThreshold, @RequestParam(defaultValue = "WARNING") String severity,
                            org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        Object saved = io.steward.server.web.Forms.attempt(errors, () -> {
            if (name.isBlank() || name.length() > 100 || !severity.matches("WARNING|CRITICAL")) {
                throw new io.steward.server.shared.InvalidInputException("name", "Give the policy a name and a severity.");
            }
            return alerts.changeThresholds(viewer, alertPolicyId,
                    new AlertService.ThresholdChange(name, decimal(threshold, "threshold"), decimal(recoveryThreshold, "recoveryThreshold"), severity));
        });
        flash.addFlashAttribute(saved == null ? "error" : "notice", saved == null ? String.join(" ", errors.values()) : "Policy changed.");
        return "redirect:/alerts";
    }
}
