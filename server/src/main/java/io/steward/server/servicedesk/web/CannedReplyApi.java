package io.steward.server.servicedesk.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.servicedesk.CannedReply;
import io.steward.server.servicedesk.CannedReplyDraft;
import io.steward.server.servicedesk.CannedReplyService;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Canned replies over JSON, and one expanded for a ticket. */
@RestController
@Tag(name = "Canned replies", description = "The MSP's wording for frequent answers, with placeholders filled in per ticket")
class CannedReplyApi {
    private final CannedReplyService replies;

    CannedReplyApi(CannedReplyService replies) {
        this.replies = replies;
    }

    @GetMapping("/api/v1/canned-replies")
    @Operation(summary = "Every canned reply (staff), by name")
    List<CannedReply> listCannedReplies(Viewer viewer) {
        return replies.list(viewer);
    }

    @PostMapping("/api/v1/canned-replies")
    @Operation(summary = "Create a canned reply (MSP admins, service managers); the body may use {{requester.firstName}},"
            + " {{requester.lastName}}, {{requester.name}}, {{requester.email}}, {{ticket.number}}, {{ticket.title}}, {{client.name}},"
            + " {{technician.name}} and {{technician.firstName}}; 400 for any other placeholder, 409 for a name in use")
    ResponseEntity<CannedReply> createCannedReply(Viewer viewer, @Valid @RequestBody CannedReplyDraft draft) {
        CannedReply r = replies.create(viewer, draft);
        return IfMatch.created("/api/v1/canned-replies/" + r.id(), r, r.version());
    }

    @GetMapping("/api/v1/canned-replies/{cannedReplyId}")
    @Operation(summary = "One canned reply as written; the ETag is its version")
    ResponseEntity<CannedReply> getCannedReply(Viewer viewer, @PathVariable UUID cannedReplyId) {
        CannedReply r = replies.get(viewer, cannedReplyId);
        return IfMatch.ok(r, r.version());
    }

    @PutMapping("/api/v1/canned-replies/{cannedReplyId}")
    @Operation(summary = "Replace a canned reply's name and body (MSP admins, service managers); send If-Match")
    ResponseEntity<CannedReply> updateCannedReply(Viewer viewer, @PathVariable UUID cannedReplyId, ExpectedVersion ifMatch,
                                                  @Valid @RequestBody CannedReplyDraft draft) {
        CannedReply r = replies.update(viewer, cannedReplyId, draft, ifMatch.value());
        return IfMatch.ok(r, r.version());
    }

    @DeleteMapping("/api/v1/canned-replies/{cannedReplyId}")
    @Operation(summary = "Delete a canned reply (MSP admins, service managers)")
    ResponseEntity<Void> deleteCannedReply(Viewer viewer, @PathVariable UUID cannedReplyId) {
        replies.delete(viewer, cannedReplyId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/tickets/{ticketId}/canned-replies/{cannedReplyId}")
    @Operation(summary = "A canned reply expanded for this ticket and the caller (staff): the text to send as a reply or note")
    CannedReplyService.Expanded expandCannedReply(Viewer viewer, @PathVariable TicketId ticketId, @PathVariable UUID cannedReplyId) {
        return replies.expand(viewer, ticketId, cannedReplyId);
    }
}
