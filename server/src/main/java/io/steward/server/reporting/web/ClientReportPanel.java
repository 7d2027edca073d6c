package io.steward.server.reporting.web;

import io.steward.server.reporting.dashboard.LatestReport;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The client page's last-report panel, loaded into the page by htmx: the newest stored monthly report, linked. */
@Controller
class ClientReportPanel {
    private final LatestReport reports;

    ClientReportPanel(LatestReport reports) {
        this.reports = reports;
    }

    @GetMapping("/clients/{clientId}/panels/report")
    String report(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        model.addAttribute("clientId", clientId);
        model.addAttribute("latest", reports.latest(viewer, clientId).orElse(null));
        return "clients/panels :: report";
    }
}
