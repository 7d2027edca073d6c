package io.steward.server.reporting.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.steward.server.reporting.MonthlyReport;
import io.steward.server.reporting.MonthlyReportService;
import io.steward.server.reporting.ReportSettings;
import io.steward.server.reporting.internal.ReportCharts;
import io.steward.server.reporting.internal.ReportTables;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.LogoService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The monthly report as a page, for staff from the client's page and for portal users from the portal (their own
 * client only), with the tickets behind each figure and the report settings form.
 */
@Controller
class ReportPages {
    /** Breached tickets listed on the page; the rest are one click away in the ticket list. */
    static final int BREACH_ROWS = 200;
    private final MonthlyReportService reports;
    private final ClientService clients;
    private final LogoService logos;
    private final Clock clock;

    ReportPages(MonthlyReportService reports, ClientService clients, LogoService logos, Clock clock) {
        this.reports = reports;
        this.clients = clients;
        this.logos = logos;
        this.clock = clock;
    }

    /** The Reports section: every client in the viewer's scope with its last month's report and its stored reports. */
    @GetMapping("/reports")
    String home(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("clients", clients.list(viewer, q, null,
                io.steward.server.shared.PageQuery.of(page, 50, "name", java.util.Map.of("name", "name"), "name")));
        model.addAttribute("q", q);
        model.addAttribute("lastMonth", YearMonth.now(clock.withZone(ZoneId.of("UTC"))).minusMonths(1).toString());
        return "reports/home";
    }

    @GetMapping("/clients/{clientId}/reports")
    String index(Viewer viewer, @PathVariable("clientId") ClientId id, @RequestParam(required = false) String month, Model model) {
        if (month != null && !month.isBlank()) {
            ReportPeriodCheck.parse(month);
            return "redirect:/clients/" + id + "/reports/" + month;
        }
        return indexPage(viewer, id, "/clients/" + id + "/reports", model);
    }

    /** The stored reports as a fragment, which the client page loads into itself. */
    @GetMapping("/clients/{clientId}/reports/stored-list")
    String storedFragment(Viewer viewer, @PathVariable("clientId") ClientId id, Model model) {
        model.addAttribute("client", clients.get(viewer, id));
        model.addAttribute("stored", reports.stored(viewer, id));
        model.addAttribute("base", "/clients/" + id + "/reports");
        return "reports/stored :: stored";
    }

    @GetMapping("/portal/reports")
    String portalIndex(Viewer viewer, @RequestParam(required = false) String month, Model model) {
        if (month != null && !month.isBlank()) {
            ReportPeriodCheck.parse(month);
            return "redirect:/portal/reports/" + month;
        }
        return indexPage(viewer, viewer.clientId(), "/portal/reports", model);
    }

    private String indexPage(Viewer viewer, ClientId id, String base, Model model) {
        Client client = clients.get(viewer, id);
        model.addAttribute("client", client);
        model.addAttribute("base", base);
        model.addAttribute("portal", !viewer.isStaff());
        model.addAttribute("canManageReports", io.steward.server.reporting.ReportingPermissions.MANAGE_REPORTS.allows(viewer));
        model.addAttribute("stored", reports.stored(viewer, id));
        model.addAttribute("lastMonth", YearMonth.now(clock.withZone(ZoneId.of(client.timeZone()))).minusMonths(1).toString());
        return "reports/index";
    }

    @GetMapping("/clients/{clientId}/reports/{month}")
    String report(Viewer viewer, @PathVariable("clientId") ClientId id, @PathVariable String month, Model model) {
        return report(viewer, id, month, "/clients/" + id + "/reports", "/tickets/", "/devices/", model);
    }

    @GetMapping("/portal/reports/{month}")
    String portalReport(Viewer viewer, @PathVariable String month, Model model) {
        requireMonthPath(month);
        return report(viewer, viewer.clientId(), month, "/portal/reports", "/portal/tickets/", null, model);
    }

    private String report(Viewer viewer, ClientId id, String month, String reportsBase, String ticketBase, String deviceBase, Model model) {
        MonthlyReport r = reports.report(viewer, id, month);
        model.addAttribute("r", r);
        model.addAttribute("zone", ZoneId.of(r.header().timeZone()));
        model.addAttribute("breachRows", r.breaches().tickets().subList(0, Math.min(BREACH_ROWS, r.breaches().tickets().size())));
        model.addAttribute("reportsBase", reportsBase);
        model.addAttribute("links", new ReportLinks(reportsBase, month, ticketBase, deviceBase));
        model.addAttribute("base", reportsBase + "/" + month);
        model.addAttribute("apiBase", "/api/v1/clients/" + id + "/reports/" + month);
        model.addAttribute("ticketBase", ticketBase);
        model.addAttribute("deviceBase", deviceBase);
        model.addAttribute("portal", !viewer.isStaff());
        model.addAttribute("mspLogo", logos.mspInfo(viewer).orElse(null));
        model.addAttribute("clientLogo", logos.clientInfo(viewer, id).orElse(null));
        model.addAttribute("volumesChart", ReportCharts.svg(ReportCharts.volumes(r)));
        model.addAttribute("downtimeChart", r.availability().sites().isEmpty() ? null : ReportCharts.svg(ReportCharts.downtimeBySite(r)));
        return "reports/report";
    }

    @GetMapping("/clients/{clientId}/reports/{month}/tickets")
    String tickets(Viewer viewer, @PathVariable("clientId") ClientId id, @PathVariable String month, FilterParams f, Model model) {
        return tickets(viewer, id, month, f, "/clients/" + id + "/reports/" + month, "/tickets/", model);
    }

    @GetMapping("/portal/reports/{month}/tickets")
    String portalTickets(Viewer viewer, @PathVariable String month, FilterParams f, Model model) {
        requireMonthPath(month);
        return tickets(viewer, viewer.clientId(), month, f, "/portal/reports/" + month, "/portal/tickets/", model);
    }

    /** The ticket filter as query parameters, the same names as the export's. */
    record FilterParams(String priority, String site, String category, String source, String origin, String response, String resolution,
                        Boolean firstContact, Boolean reopened, Boolean resolved, Boolean breached) {
        ReportTables.TicketFilter filter() {
            return new ReportTables.TicketFilter(priority, site, category, source, origin, response, resolution, firstContact, reopened, resolved,
                    breached);
        }
    }

    private String tickets(Viewer viewer, ClientId id, String month, FilterParams f, String base, String ticketBase, Model model) {
        model.addAttribute("client", clients.get(viewer, id));
        model.addAttribute("month", month);
        model.addAttribute("tickets", reports.tickets(viewer, id, month, f.filter()));
        model.addAttribute("base", base);
        model.addAttribute("ticketBase", ticketBase);
        model.addAttribute("portal", !viewer.isStaff());
        model.addAttribute("filter", f);
        return "reports/tickets";
    }

    @GetMapping("/clients/{clientId}/report-settings")
    String settings(Viewer viewer, @PathVariable("clientId") ClientId id, Model model) {
        model.addAttribute("client", clients.get(viewer, id));
        model.addAttribute("settings", reports.settings(viewer, id));
        model.addAttribute("eligible", reports.eligibleRecipients(viewer, id));
        model.addAttribute("canManageReports", io.steward.server.reporting.ReportingPermissions.MANAGE_REPORTS.allows(viewer));
        return "reports/settings";
    }

    @PostMapping("/clients/{clientId}/report-settings")
    String saveSettings(Viewer viewer, @PathVariable("clientId") ClientId id, @RequestParam(defaultValue = "0") int version,
                        @RequestParam(defaultValue = "") String downtimeCostPerHour, @RequestParam(defaultValue = "EUR") String currency,
                        @RequestParam(defaultValue = "95") String slaComplianceTargetPct,
                        @RequestParam(required = false) List<UUID> recipients, Model model, RedirectAttributes flash) {
        java.util.Map<String, String> errors = new java.util.HashMap<>();
        Object saved = io.steward.server.web.Forms.attempt(errors, () -> reports.saveSettings(viewer, id, new ReportSettings(
                decimal(downtimeCostPerHour, "downtimeCostPerHour"), currency, decimal(slaComplianceTargetPct, "slaComplianceTargetPct"),
                recipients == null ? List.of() : recipients, version), version));
        if (saved == null) {
            // Refused (invalid, not allowed, or changed meanwhile): the form again, with what was typed and why.
            settings(viewer, id, model);
            model.addAttribute("typed", new Typed(downtimeCostPerHour, currency, slaComplianceTargetPct, recipients == null ? List.of() : recipients));
            model.addAttribute("error", String.join(" ", errors.values()));
            return "reports/settings";
        }
        flash.addFlashAttribute("notice", "Report settings saved.");
        return "redirect:/clients/" + id + "/reports";
    }

    /** The report settings as typed into a refused form. */
    record Typed(String downtimeCostPerHour, String currency, String slaComplianceTargetPct, List<UUID> recipients) {
    }

    private static BigDecimal decimal(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "Enter a number such as 250 or 99.5.");
        }
    }

    /** A portal path segment that is not a month names no page: 404, as for any other unknown portal path. */
    private static void requireMonthPath(String month) {
        try {
            ReportPeriodCheck.parse(month);
        } catch (InvalidInputException e) {
            throw new io.steward.server.shared.NotFoundException("No such report.");
        }
    }

    /** Month text is checked before redirecting, so a bad month never reaches a path. */
    private static final class ReportPeriodCheck {
        static void parse(String month) {
            io.steward.server.reporting.ReportPeriod.parse(month);
        }
    }
}
