package io.steward.server.servicedesk.web;

import java.net.URI;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.steward.server.servicedesk.ServiceDeskMetrics;
import io.steward.server.servicedesk.SlaBoard;
import io.steward.server.servicedesk.SlaBoardService;
import io.steward.server.servicedesk.SlaPreview;
import io.steward.server.servicedesk.TimeEntry;
import io.steward.server.servicedesk.TimeEntryDraft;
import io.steward.server.servicedesk.TimeEntryService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Time entries, SLA previews and monthly service-desk figures over JSON. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tickets")
class ServiceDeskExtrasApi {
    private final TimeEntryService time;
    private final SlaPreview preview;
    private final ServiceDeskMetrics metrics;
    private final SlaBoardService board;

    ServiceDeskExtrasApi(TimeEntryService time, SlaPreview preview, ServiceDeskMetrics metrics, SlaBoardService board) {
        this.board = board;
        this.time = time;
        this.preview = preview;
        this.metrics = metrics;
    }

    @GetMapping("/tickets/{ticketId}/time-entries")
    @Operation(summary = "Time recorded on a ticket")
    List<TimeEntry> timeEntries(Viewer viewer, @PathVariable TicketId ticketId) {
        return time.ofTicket(viewer, ticketId);
    }

    @PostMapping("/tickets/{ticketId}/time-entries")
    @Operation(summary = "Record time on a ticket (staff): minutes, billable, work type")
    ResponseEntity<TimeEntry> recordTime(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody TimeEntryDraft draft) {
        TimeEntry e = time.record(viewer, ticketId, draft);
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + ticketId + "/time-entries")).body(e);
    }

    @PostMapping("/sla/preview")
    @Operation(summary = "When would response and resolution fall due? For a client and priority, or a calendar and targets, "
            + "from a start instant with optional pauses")
    SlaPreview.Result preview(Viewer viewer, @Valid @RequestBody SlaPreview.Request request) {
        return preview.preview(viewer, request);
    }

    @GetMapping("/sla/board")
    @Operation(summary = "The SLA board (staff): open tickets whose SLA clock runs, the one due first first (at most 200), each with its "
            + "nearest running clock (RESPONSE or RESOLUTION), due instant, minutes left (negative when overdue) and standing "
            + "(BREACHED, AT_RISK past 75 % of the target, ON_TRACK); optionally of one client and one support tier")
    SlaBoard slaBoard(Viewer viewer, @RequestParam(required = false) ClientId clientId,
                      @Parameter(description = "support tier 1-3") @RequestParam(required = false) Integer tier) {
        return board.board(viewer, clientId, tier);
    }

    @GetMapping("/clients/{clientId}/service-desk-metrics")
    @Operation(summary = "A client's month per priority: opened, resolved, MTTA and MTTR (wall and business minutes), SLA met and breached")
    ServiceDeskMetrics.Month monthly(Viewer viewer, @PathVariable ClientId clientId, @RequestParam String month) {
        return metrics.month(viewer, clientId, parseMonth(month));
    }

    static YearMonth parseMonth(String month) {
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException("month", "Use a month such as 2026-11.");
        }
    }
}
