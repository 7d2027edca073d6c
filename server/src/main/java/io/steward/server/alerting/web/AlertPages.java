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

    AlertPages(AlertService alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/alerts")
    String page(Viewer viewer, @RequestParam(defaultValue = "OPEN") String state, Model model) {
        model.addAttribute("alerts", alerts.list(viewer, "ALL".equals(state) ? null : state));
        model.addAttribute("policies", alerts.policies(viewer));
        model.addAttribute("state", state);
        return "alerts";
    }

    @GetMapping("/api/v1/alerts")
    @ResponseBody
    @Operation(summary = "Alerts in the caller's scope, newest first; state OPEN or RESOLVED", tags = "Alerts")
    List<Alert> list(Viewer viewer, @RequestParam(required = false) String state) {
        return alerts.list(viewer, state);
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
