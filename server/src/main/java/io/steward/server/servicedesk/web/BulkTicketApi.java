package io.steward.server.servicedesk.web;

import io.steward.server.servicedesk.BulkTicketChange;
import io.steward.server.servicedesk.TicketBulk;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Bulk actions on tickets over JSON. */
@RestController
@Tag(name = "Tickets")
class BulkTicketApi {
    private final TicketBulk bulk;

    BulkTicketApi(TicketBulk bulk) {
        this.bulk = bulk;
    }

    @PostMapping("/api/v1/tickets/bulk")
    @Operation(summary = "Assign, change the status or priority of, or merge up to 200 tickets (staff)",
            description = "Each ticket is changed as a single change would be, in a transaction of its own: the answer lists every"
                    + " ticket as changed, or refused with the reason (nothing of it applied). An id the caller cannot see is refused as"
                    + " 'No such ticket.'. MERGE keeps survivorId open and closes the others (resolved, then closed) with an internal"
                    + " note and a DUPLICATE_OF link to it; duplicates must be for the survivor's client. 400 when the request names"
                    + " no valid change (no action, no assignee/status/priority/survivorId for it, a survivor that is closed or unseen)")
    BulkTicketChange.Result bulkChangeTickets(Viewer viewer, @Valid @RequestBody BulkTicketChange change) {
        return bulk.apply(viewer, change);
    }
}
