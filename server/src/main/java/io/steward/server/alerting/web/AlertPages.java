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
                org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        Object saved = io.steward.server.web.Forms.attempt(errors, () -> {
            if (clientId == null) {
                throw new io.steward.server.shared.InvalidInputException("clientId", "Choose a client.");
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
