package io.steward.server.servicedesk.web;

import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketTimer;
import io.steward.server.servicedesk.TicketTimerService;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.TimeEntry;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A technician working a ticket over JSON: take it, and time it. */
@RestController
@RequestMapping("/api/v1/tickets/{ticketId}")
@Tag(name = "Tickets")
class TicketWorkApi {
    private final TicketService tickets;
    private final TicketTimerService timers;

    TicketWorkApi(TicketService tickets, TicketTimerService timers) {
        this.tickets = tickets;
        this.timers = timers;
    }

    @PostMapping("/take")
    @Operation(summary = "Take the ticket (staff): assign it to yourself and put it in progress; send If-Match",
            description = "409 when it is already yours and in progress or no longer open; 403 for a client user or a staff member"
                    + " who does not serve the client")
    ResponseEntity<TicketView> take(Viewer viewer, @PathVariable TicketId ticketId, ExpectedVersion ifMatch) {
        TicketView t = tickets.take(viewer, ticketId, ifMatch.value());
        return IfMatch.ok(t, t.version());
    }

    @GetMapping("/timer")
    @Operation(summary = "Your time timer on this ticket (staff): running or not, since when, and where else yours runs")
    TicketTimer timer(Viewer viewer, @PathVariable TicketId ticketId) {
        return timers.get(viewer, ticketId);
    }

    @PostMapping("/timer/start")
    @Operation(summary = "Start your timer on this open ticket (staff)",
            description = "You run one timer at a time: a timer of yours running on another ticket is stopped and its time booked there."
                    + " Starting a timer that already runs keeps its start.")
    TicketTimer start(Viewer viewer, @PathVariable TicketId ticketId) {
        return timers.start(viewer, ticketId);
    }

    @PostMapping("/timer/stop")
    @Operation(summary = "Stop your timer on this ticket and book the time (staff); returns the time entry created",
            description = "The elapsed time is rounded up to whole minutes, at least 1 and at most 1440. The body is optional:"
                    + " work type (REMOTE by default), billable (true by default) and a note. 409 when no timer of yours runs here.")
    ResponseEntity<TimeEntry> stop(Viewer viewer, @PathVariable TicketId ticketId,
                                   @Valid @RequestBody(required = false) TicketTimerService.TimerBooking booking) {
        return ResponseEntity.status(HttpStatus.CREATED).body(timers.stop(viewer, ticketId, booking));
    }
}
