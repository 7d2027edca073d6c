package io.steward.server.servicedesk.web;

import java.util.List;

import io.steward.server.servicedesk.TicketLinks;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Linked tickets and watchers over JSON. */
@RestController
@RequestMapping("/api/v1/tickets/{ticketId}")
@Tag(name = "Tickets")
class TicketLinkApi {
    private final TicketLinks links;

    TicketLinkApi(TicketLinks links) {
        this.links = links;
    }

    /** A link to another ticket by its number (T-123 is 123). */
    record NewLink(@NotNull @Positive Long number, @NotNull String kind) {
    }

    @GetMapping("/links")
    @Operation(summary = "Tickets linked to this one, both directions")
    List<TicketLinks.Link> list(Viewer viewer, @PathVariable TicketId ticketId) {
        return links.links(viewer, ticketId);
    }

    @PostMapping("/links")
    @Operation(summary = "Link to another ticket: CAUSED_BY (a problem) or RELATES_TO")
    List<TicketLinks.Link> link(Viewer viewer, @PathVariable TicketId ticketId, @Valid @RequestBody NewLink link) {
        return links.link(viewer, ticketId, link.number(), link.kind());
    }

    @DeleteMapping("/links/{linkedTicketId}")
    @Operation(summary = "Remove a link")
    List<TicketLinks.Link> unlink(Viewer viewer, @PathVariable TicketId ticketId, @PathVariable TicketId linkedTicketId) {
        return links.unlink(viewer, ticketId, linkedTicketId);
    }

    @GetMapping("/watchers")
    @Operation(summary = "Who watches this ticket")
    List<String> watchers(Viewer viewer, @PathVariable TicketId ticketId) {
        return links.watchers(viewer, ticketId);
    }

    @PutMapping("/watchers/me")
    @Operation(summary = "Watch this ticket (staff): SLA breaches and the client's replies reach you too")
    ResponseEntity<Void> watch(Viewer viewer, @PathVariable TicketId ticketId) {
        links.watch(viewer, ticketId, true);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/watchers/me")
    @Operation(summary = "Stop watching this ticket")
    ResponseEntity<Void> unwatch(Viewer viewer, @PathVariable TicketId ticketId) {
        links.watch(viewer, ticketId, false);
        return ResponseEntity.noContent().build();
    }
}
