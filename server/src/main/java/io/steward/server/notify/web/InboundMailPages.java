package io.steward.server.notify.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.internal.mailin.InboundMail;
import io.steward.server.notify.internal.mailin.InboundMailDesk;
import io.steward.server.notify.internal.mailin.InboundOutcome;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The mail triage page of the service desk: mail waiting for a person, and mail that failed or was too large. */
@Controller
class InboundMailPages {
    private static final String PAGE = "redirect:/servicedesk/mail";

    private final InboundMailDesk desk;
    private final ClientService clients;

    InboundMailPages(InboundMailDesk desk, ClientService clients) {
        this.desk = desk;
        this.clients = clients;
    }

    @GetMapping("/servicedesk/mail")
    String page(Viewer viewer, Model model) {
        model.addAttribute("triage", desk.list(viewer, List.of(InboundOutcome.TRIAGE)));
        model.addAttribute("problems", desk.list(viewer, List.of(InboundOutcome.FAILED, InboundOutcome.TOO_LARGE, InboundOutcome.RATE_LIMITED)));
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        return "servicedesk/mail";
    }

    @GetMapping("/servicedesk/mail/{inboundMailId}/raw")
    ResponseEntity<byte[]> raw(Viewer viewer, @PathVariable UUID inboundMailId) {
        return InboundMailApi.raw(desk.raw(viewer, inboundMailId), inboundMailId);
    }

    /** Opens a ticket for the chosen client: the sender is the requester if they are its contact, else added as one with the names given. */
    @PostMapping("/servicedesk/mail/{inboundMailId}/open-ticket")
    String openTicket(Viewer viewer, @PathVariable UUID inboundMailId, @RequestParam(required = false) UUID clientId,
                      @RequestParam(required = false) String firstName, @RequestParam(required = false) String lastName, RedirectAttributes flash) {
        return act(flash, () -> {
            InboundMail done = desk.openTicket(viewer, inboundMailId, new InboundMailDesk.OpenTicket(clientId, null, firstName, lastName, null));
            return "Ticket opened from the mail of " + done.fromAddress() + ".";
        });
    }

    @PostMapping("/servicedesk/mail/{inboundMailId}/attach")
    String attach(Viewer viewer, @PathVariable UUID inboundMailId, @RequestParam(required = false) String ticket, RedirectAttributes flash) {
        return act(flash, () -> {
            String digits = ticket == null ? "" : ticket.strip().replaceFirst("(?i)^#|^T-", "");
            if (!digits.matches("\\d{1,18}")) {
                throw new InvalidInputException("ticketNumber", "Give the ticket as T-n.");
            }
            desk.attach(viewer, inboundMailId, Long.parseLong(digits));
            return "The mail was added to T-" + digits + ".";
        });
    }

    @PostMapping("/servicedesk/mail/{inboundMailId}/discard")
    String discard(Viewer viewer, @PathVariable UUID inboundMailId, RedirectAttributes flash) {
        return act(flash, () -> {
            desk.discard(viewer, inboundMailId);
            return "The mail was discarded; it stays in the records.";
        });
    }

    /** Runs an action and says how it went at the top of the page; a refusal is shown, anything else propagates. */
    private static String act(RedirectAttributes flash, java.util.function.Supplier<String> action) {
        Map<String, String> errors = new HashMap<>();
        String notice = Forms.attempt(errors, action);
        if (notice != null) {
            flash.addFlashAttribute("notice", notice);
        } else {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        }
        return PAGE;
    }
}
