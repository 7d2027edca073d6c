package io.steward.server.reporting.web;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.reporting.MonthlyReport;
import io.steward.server.reporting.MonthlyReportService;
import io.steward.server.reporting.ReportSettings;
import io.steward.server.reporting.internal.ReportPdf;
import io.steward.server.reporting.internal.StoredReports;
import io.steward.server.reporting.internal.ReportTables;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Monthly client service reports over JSON (and PDF), the tables behind them, and the report settings. */
@RestController
@RequestMapping("/api/v1/clients/{clientId}")
@Tag(name = "Reports", description = "Monthly client service reports, their underlying tables, stored reports and report settings")
class ReportApi {
    private final MonthlyReportService reports;

    ReportApi(MonthlyReportService reports) {
        this.reports = reports;
    }

    @GetMapping(value = "/reports/{month}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The client's service report for a calendar month (yyyy-mm, in the client's time zone)",
            description = "Computed from stored data as of the month's end (or now, for the running month). Ticket figures cover the "
                    + "tickets opened in the month. A malformed month, a month that has not started, or one that ended before the client "
                    + "existed is a 400; an unknown client or one outside the caller's scope a 404.")
    MonthlyReport report(Viewer viewer, @PathVariable ClientId clientId,
                         @Parameter(description = "yyyy-mm, e.g. 2026-03") @PathVariable String month) {
        return reports.report(viewer, clientId, month);
    }

    @GetMapping(value = "/reports/{month}", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The month's service report as PDF (send Accept: application/pdf, or ?format=pdf from a browser)",
            description = "Cover page, contents, the nine sections with charts, page numbers. A4 unless paper=letter.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/pdf")))
    ResponseEntity<byte[]> pdf(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String month,
                               @Parameter(description = "a4 (default) or letter") @RequestParam(required = false) String paper) {
        byte[] pdf = reports.pdf(viewer, clientId, month, ReportPdf.Paper.of(paper));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"service-report-" + month + ".pdf\"").body(pdf);
    }

    @GetMapping(value = "/reports/{month}", params = "format=pdf")
    // Hidden: the same path and method as the documented report; OpenAPI cannot tell operations apart by a query value.
    @Operation(summary = "The month's service report as PDF, for links (same as Accept: application/pdf)", hidden = true)
    ResponseEntity<byte[]> pdfLink(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String month,
                                   @RequestParam(required = false) String paper) {
        return pdf(viewer, clientId, month, paper);
    }

    @GetMapping("/reports/{month}/{export}")
    @Operation(summary = "A table behind the month's report as CSV or JSON: tickets, devices (availability) or changes",
            description = "Name the table and format as the last path segment, e.g. tickets.csv or devices.json. Tickets can be narrowed "
                    + "with the same keys as the report's figures.",
            responses = @ApiResponse(responseCode = "200", content = {@Content(mediaType = "text/csv"),
                    @Content(mediaType = "application/json", schema = @Schema(type = "array"))}))
    ResponseEntity<?> export(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String month,
                             @Parameter(description = "tickets.csv, tickets.json, devices.csv, devices.json, changes.csv or changes.json")
                             @PathVariable String export,
                             @RequestParam(required = false) String priority, @RequestParam(required = false) String site,
                             @RequestParam(required = false) String category, @RequestParam(required = false) String source,
                             @Parameter(description = "ALERT or PEOPLE") @RequestParam(required = false) String origin,
                             @Parameter(description = "MET, BREACHED, RUNNING or PAUSED") @RequestParam(required = false) String response,
                             @Parameter(description = "MET, BREACHED, RUNNING or PAUSED") @RequestParam(required = false) String resolution,
                             @RequestParam(required = false) Boolean firstContact, @RequestParam(required = false) Boolean reopened,
                             @RequestParam(required = false) Boolean resolved,
                             @Parameter(description = "true: tickets that breached a target") @RequestParam(required = false) Boolean breached) {
        int dot = export.lastIndexOf('.');
        String name = dot < 0 ? export : export.substring(0, dot);
        String format = dot < 0 ? "" : export.substring(dot + 1);
        if (!ReportTables.NAMES.contains(name) || !(format.equals("csv") || format.equals("json"))) {
            throw new NotFoundException("No such export; use tickets, devices or changes with .csv or .json.");
        }
        ReportTables.Table table = reports.table(viewer, clientId, month, name,
                new ReportTables.TicketFilter(priority, site, category, source, origin, response, resolution, firstContact, reopened, resolved, breached));
        String file = "steward-" + name + "-" + month + "." + format;
        if (format.equals("csv")) {
            return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"").body(table.csv());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(table.records());
    }

    @GetMapping("/stored-reports")
    @Operation(summary = "The client's stored monthly reports (generated by the schedule or on request), newest first")
    List<StoredReports.Listed> stored(Viewer viewer, @PathVariable ClientId clientId) {
        return reports.stored(viewer, clientId);
    }

    @PostMapping("/stored-reports/{month}")
    @Operation(summary = "Generate and store a month's report now and tell its recipients (MSP admin, service manager); 409 when stored already")
    ResponseEntity<Void> store(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String month) {
        if (!reports.store(viewer, clientId, month)) {
            throw new ConflictException("month", "The report for " + month + " is stored already.");
        }
        return ResponseEntity.created(java.net.URI.create("/api/v1/clients/" + clientId + "/stored-reports/" + month)).build();
    }

    @GetMapping(value = "/stored-reports/{month}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A stored report's JSON snapshot, exactly as generated")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", schema = @Schema(implementation = MonthlyReport.class)))
    ResponseEntity<?> storedJson(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String month) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(reports.storedJson(viewer, clientId, month));
    }

    @GetMapping(value = "/stored-reports/{month}", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "A stored report's PDF, exactly as sent (Accept: application/pdf, or ?format=pdf)")
    ResponseEntity<byte[]> storedPdf(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String month) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"service-report-" + month + ".pdf\"")
                .body(reports.storedPdf(viewer, clientId, month));
    }

    @GetMapping(value = "/stored-reports/{month}", params = "format=pdf")
    @Operation(summary = "A stored report's PDF, for links", hidden = true)
    ResponseEntity<byte[]> storedPdfLink(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String month) {
        return storedPdf(viewer, clientId, month);
    }

    /** The report settings as sent: a cost per hour (null: none), its currency, the SLA compliance target and recipients. */
    record SettingsBody(@DecimalMin("0") BigDecimal downtimeCostPerHour, @Size(min = 3, max = 3) String currency,
                        @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") BigDecimal slaComplianceTargetPct,
                        @Size(max = 500) List<UUID> recipients) {
    }

    @GetMapping("/report-settings")
    @Operation(summary = "The client's report settings; the ETag is their version (0 before the first save)")
    ResponseEntity<ReportSettings> settings(Viewer viewer, @PathVariable ClientId clientId) {
        ReportSettings s = reports.settings(viewer, clientId);
        return IfMatch.ok(s, s.version());
    }

    @PutMapping("/report-settings")
    @Operation(summary = "Change the client's report settings (MSP admin, service manager); send If-Match with the version read")
    ResponseEntity<ReportSettings> saveSettings(Viewer viewer, @PathVariable ClientId clientId,
                                                ExpectedVersion ifMatch,
                                                @jakarta.validation.Valid @RequestBody SettingsBody body) {
        ReportSettings s = reports.saveSettings(viewer, clientId, new ReportSettings(body.downtimeCostPerHour(), body.currency(),
                body.slaComplianceTargetPct(), body.recipients(), 0), ifMatch.value());
        return IfMatch.ok(s, s.version());
    }

}
