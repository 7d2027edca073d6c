package io.steward.server.servicedesk.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.BulkTicketChange;
import io.steward.server.servicedesk.CannedReplyService;
import io.steward.server.servicedesk.TicketBulk;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.web.Forms;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The queue's bulk actions and the ticket page's canned-reply picker. Both are fragments that htmx loads into their page,
 * so the queue and ticket pages need nothing more than the line that includes them.
 */
@Controller
class DeskPages {
    private final TicketBulk bulk;
    private final CannedReplyService replies;

    DeskPages(TicketBulk bulk, CannedReplyService replies) {
        this.bulk = bulk;
        this.replies = replies;
    }

    /** The bulk action bar above the queue; the rows' checkboxes belong to its form. */
    @GetMapping("/servicedesk/bulk")
    String bulkBar(Viewer viewer, Model model) {
        model.addAttribute("staff", bulk.assignableStaff(viewer));
        model.addAttribute("statuses", TicketStatus.values());
        model.addAttribute("priorities", Priority.values());
        return "servicedesk/bulk-bar :: bar";
    }

    /** Applies one action to the ticked tickets; the queue then shows which were changed and which refused, and why. */
    @PostMapping("/servicedesk/bulk")
    RedirectView bulk(Viewer viewer, @RequestParam(required = false) List<UUID> ticketIds, @RequestParam(defaultValue = "") String action,
                @RequestParam(required = false) String assignee, @RequestParam(required = false) TicketStatus status,
                @RequestParam(required = false) Priority priority, @RequestParam(required = false) String priorityReason,
                @RequestParam(required = false) String survivor, @RequestParam(required = false) String resolutionNote, @RequestHeader(value = "Referer", required = false) String referer,
                RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        BulkTicketChange.Result result = Forms.attempt(errors, () -> {
            BulkTicketChange.Action a = action(action);
            UUID survivorId = a == BulkTicketChange.Action.MERGE ? bulk.idOfNumber(viewer, survivor) : null;
            return bulk.apply(viewer, new BulkTicketChange(ticketIds == null ? List.of() : ticketIds, a, assignee, status, priority,
                    priorityReason, survivorId, resolutionNote));
        });
        if (result == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("bulkResult", result);
            List<String> parts = new ArrayList<>();
            parts.add(result.changed() + (result.changed() == 1 ? " ticket" : " tickets") + " changed");
            if (result.refused() > 0) {
                parts.add(result.refused() + " refused");
            }
            flash.addFlashAttribute(result.refused() > 0 ? "error" : "notice", String.join(", ", parts) + ".");
        }
        return back(referer);
    }

    /**
     * Back to the queue as it was shown (view, search, filters), taken from the Referer when that is this server's queue;
     * the query is passed on as it is, never read as a URI template.
     */
    static RedirectView back(String referer) {
        String to = "/servicedesk";
        try {
            java.net.URI uri = referer == null ? null : java.net.URI.create(referer);
            if (uri != null && "/servicedesk".equals(uri.getRawPath()) && uri.getRawQuery() != null) {
                to = "/servicedesk?" + uri.getRawQuery();
            }
        } catch (IllegalArgumentException e) {
            // Not a URI: the plain queue.
        }
        RedirectView view = new RedirectView(to, true);
        view.setExpandUriTemplateVariables(false);
        return view;
    }

    /** The canned-reply picker beside a ticket's reply box. */
    @GetMapping("/tickets/{ticketId}/canned")
    String cannedPicker(Viewer viewer, @PathVariable TicketId ticketId, Model model) {
        model.addAttribute("ticketId", ticketId);
        model.addAttribute("replies", replies.list(viewer));
        return "servicedesk/canned-picker :: options";
    }

    /** A canned reply expanded for this ticket and the technician, as plain text for the reply box. */
    @GetMapping("/tickets/{ticketId}/canned/{cannedReplyId}")
    ResponseEntity<String> cannedText(Viewer viewer, @PathVariable TicketId ticketId, @PathVariable UUID cannedReplyId) {
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                .body(replies.expand(viewer, ticketId, cannedReplyId).text());
    }

    private static BulkTicketChange.Action action(String name) {
        try {
            return BulkTicketChange.Action.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("action", "Choose what to do with the ticked tickets.");
        }
    }
}
