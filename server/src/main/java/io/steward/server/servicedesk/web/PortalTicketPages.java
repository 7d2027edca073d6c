package io.steward.server.servicedesk.web;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.TicketDraft;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.web.Forms;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The client portal's tickets: raise one, follow it with its due times, reply, reopen. */
@Controller
class PortalTicketPages {
    private final TicketService tickets;
    private final Clock clock;
    private final io.steward.server.servicedesk.ChangeService changes;
    private final io.steward.server.servicedesk.AttachmentService attachments;

    PortalTicketPages(TicketService tickets, Clock clock, io.steward.server.servicedesk.ChangeService changes,
                      io.steward.server.servicedesk.AttachmentService attachments) {
        this.attachments = attachments;
        this.tickets = tickets;
        this.clock = clock;
        this.changes = changes;
    }

    @GetMapping("/portal/tickets")
    String list(Viewer viewer, @RequestParam(defaultValue = "open") String show, Model model) {
        model.addAttribute("tickets", tickets.list(viewer, TicketApi.filter(viewer, null, null, "all".equals(show) ? "all" : null, null, null,
                null, null, null, null, null), PageQuery.of(0, 100, "openedAt,desc", TicketRepository.SORTABLE, "openedAt,desc")));
        model.addAttribute("show", show);
        model.addAttribute("now", clock.instant());
        return "portal/tickets";
    }

    @GetMapping("/portal/tickets/new")
    String newTicket(Model model) {
        return form(model, new TicketDraft(null, null, null, TicketType.INCIDENT, "", "", "", Level.MEDIUM, Level.MEDIUM, null, null,
                TicketSource.PORTAL, null), new HashMap<>());
    }

    @PostMapping("/portal/tickets")
    String create(Viewer viewer, @Valid @ModelAttribute("form") TicketDraft form, BindingResult binding, Model model) {
        Map<String, String> errors = Forms.errors(binding);
        TicketView t = Forms.attempt(errors, () -> tickets.create(viewer, form));
        if (t == null) {
            return form(model, form, errors);
        }
        return "redirect:/portal/tickets/" + t.id();
    }

    private String form(Model model, TicketDraft form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("levels", Level.values());
        return "portal/new-ticket";
    }

    @GetMapping("/portal/tickets/{ticketId}")
    String show(Viewer viewer, @PathVariable("ticketId") TicketId id, Model model) {
        TicketView t = tickets.get(viewer, id);
        model.addAttribute("ticket", t);
        io.steward.server.servicedesk.Change change = t.type() == TicketType.CHANGE ? changes.get(viewer, id) : null;
        model.addAttribute("change", change);
        model.addAttribute("changeActions", change == null ? null : changes.actions(viewer, change));
        model.addAttribute("attachments", attachments.ofTicket(viewer, id));
        model.addAttribute("history", tickets.history(viewer, id));
        model.addAttribute("now", clock.instant());
        return "portal/ticket";
    }

    @PostMapping("/portal/tickets/{ticketId}/reply")
    String reply(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(defaultValue = "") String body, RedirectAttributes flash) {
        return TicketPages.act("/portal/tickets/" + ticketId, flash, () -> tickets.reply(viewer, ticketId, body, false),
                "Reply sent.");
    }

    @PostMapping("/portal/tickets/{ticketId}/attachments")
    String attach(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(value = "file", required = false)
                  org.springframework.web.multipart.MultipartFile file, RedirectAttributes flash) {
        return TicketPages.act("/portal/tickets/" + ticketId, flash, () -> {
            try {
                AttachmentApi.store(attachments, viewer, ticketId, file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return tickets.get(viewer, ticketId);
        }, "File attached.");
    }

    @PostMapping("/portal/tickets/{ticketId}/decision")
    String decide(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(defaultValue = "false") boolean approve,
                  @RequestParam(defaultValue = "") String comment, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> changes.decide(viewer, ticketId, approve, comment)) == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
            flash.addFlashAttribute("typedComment", comment);
        } else {
            flash.addFlashAttribute("notice", approve ? "You approved the change." : "You rejected the change.");
        }
        return "redirect:/portal/tickets/" + ticketId;
    }

    @PostMapping("/portal/tickets/{ticketId}/reopen")
    String reopen(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam int version, RedirectAttributes flash) {
        return TicketPages.act("/portal/tickets/" + ticketId, flash,
                () -> tickets.changeStatus(viewer, ticketId, TicketStatus.IN_PROGRESS, version), "Ticket reopened.");
    }
}
