package io.steward.server.servicedesk.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.servicedesk.TicketDraft;
import io.steward.server.servicedesk.TicketTemplate;
import io.steward.server.servicedesk.TicketTemplateDraft;
import io.steward.server.servicedesk.TicketTemplateService;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ticket templates over JSON: staff read them, MSP admins and service managers write them. */
@RestController
@RequestMapping("/api/v1/ticket-templates")
@Tag(name = "Ticket templates", description = "Prefilled tickets for frequent requests, MSP-wide or for one client")
class TicketTemplateApi {
    private final TicketTemplateService templates;

    TicketTemplateApi(TicketTemplateService templates) {
        this.templates = templates;
    }

    @GetMapping
    @Operation(summary = "Templates the caller sees (staff), by name; with clientId, those offered for that client (MSP-wide and its own)")
    List<TicketTemplate> listTicketTemplates(Viewer viewer, @RequestParam(required = false) UUID clientId) {
        return templates.list(viewer, clientId);
    }

    @PostMapping
    @Operation(summary = "Create a template (MSP admins, service managers); 409 when the same clients have one of that name")
    ResponseEntity<TicketTemplate> createTicketTemplate(Viewer viewer, @Valid @RequestBody TicketTemplateDraft draft) {
        TicketTemplate t = templates.create(viewer, draft);
        return IfMatch.created("/api/v1/ticket-templates/" + t.id(), t, t.version());
    }

    @GetMapping("/{templateId}")
    @Operation(summary = "One template; the ETag is its version")
    ResponseEntity<TicketTemplate> getTicketTemplate(Viewer viewer, @PathVariable UUID templateId) {
        TicketTemplate t = templates.get(viewer, templateId);
        return IfMatch.ok(t, t.version());
    }

    @GetMapping("/{templateId}/draft")
    @Operation(summary = "The ticket the template describes, ready to POST to /api/v1/tickets after filling in what it leaves open")
    TicketDraft ticketTemplateDraft(Viewer viewer, @PathVariable UUID templateId,
                                    @Parameter(description = "the client, for an MSP-wide template") @RequestParam(required = false) UUID clientId) {
        return templates.prefill(viewer, templateId, clientId);
    }

    @PutMapping("/{templateId}")
    @Operation(summary = "Replace a template (MSP admins, service managers); send If-Match")
    ResponseEntity<TicketTemplate> updateTicketTemplate(Viewer viewer, @PathVariable UUID templateId, ExpectedVersion ifMatch,
                                                        @Valid @RequestBody TicketTemplateDraft draft) {
        TicketTemplate t = templates.update(viewer, templateId, draft, ifMatch.value());
        return IfMatch.ok(t, t.version());
    }

    @DeleteMapping("/{templateId}")
    @Operation(summary = "Delete a template (MSP admins, service managers); tickets raised from it stay as they are")
    ResponseEntity<Void> deleteTicketTemplate(Viewer viewer, @PathVariable UUID templateId) {
        templates.delete(viewer, templateId);
        return ResponseEntity.noContent().build();
    }
}
