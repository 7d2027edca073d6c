package io.steward.server.servicedesk.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.servicedesk.SavedView;
import io.steward.server.servicedesk.SavedViewDraft;
import io.steward.server.servicedesk.SavedViewService;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in staff member's saved ticket views; nobody sees or changes another's. */
@RestController
@RequestMapping("/api/v1/me/ticket-views")
@Tag(name = "Tickets")
class SavedViewApi {
    private final SavedViewService views;

    SavedViewApi(SavedViewService views) {
        this.views = views;
    }

    @GetMapping
    @Operation(summary = "My saved ticket views (staff), by name; open one as GET /api/v1/tickets?{query} or /servicedesk?{query}")
    List<SavedView> listTicketViews(Viewer viewer) {
        return views.list(viewer);
    }

    @PostMapping
    @Operation(summary = "Save a ticket view (staff): a name and the list's parameters (view, q, status, clientId, priority, tier,"
            + " assignee, sla, sort), checked as the list checks them; 409 when I already have a view of that name")
    ResponseEntity<SavedView> saveTicketView(Viewer viewer, @Valid @RequestBody SavedViewDraft draft) {
        SavedView v = views.save(viewer, draft);
        return ResponseEntity.created(java.net.URI.create("/api/v1/me/ticket-views/" + v.id())).body(v);
    }

    @DeleteMapping("/{viewId}")
    @Operation(summary = "Delete one of my saved ticket views")
    ResponseEntity<Void> deleteTicketView(Viewer viewer, @PathVariable UUID viewId) {
        views.delete(viewer, viewId);
        return ResponseEntity.noContent().build();
    }
}
