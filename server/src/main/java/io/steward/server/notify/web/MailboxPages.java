package io.steward.server.notify.web;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.internal.mailbox.MailboxInput;
import io.steward.server.notify.internal.mailbox.MailboxView;
import io.steward.server.notify.internal.mailbox.Mailboxes;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
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

/** MSP admins' mailbox pages: the list with health, a form (secrets write-only), each box's status page and test. */
@Controller
class MailboxPages {
    private final Mailboxes mailboxes;
    private final ClientService clients;

    MailboxPages(Mailboxes mailboxes, ClientService clients) {
        this.mailboxes = mailboxes;
        this.clients = clients;
    }

    @GetMapping("/settings/mailboxes")
    String list(Viewer viewer, Model model) {
        model.addAttribute("mailboxes", mailboxes.list(viewer));
        return "settings/mailboxes";
    }

    @GetMapping("/settings/mailboxes/new")
    String newMailbox(Viewer viewer, Model model) {
        return form(viewer, model, MailboxInput.blank(), null, new HashMap<>());
    }

    @PostMapping("/settings/mailboxes")
    String create(Viewer viewer, @Valid @ModelAttribute("form") MailboxInput form, BindingResult binding, Model model, RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        MailboxView created = Forms.attempt(errors, () -> mailboxes.create(viewer, form));
        if (created == null) {
            return form(viewer, model, form, null, errors);
        }
        flash.addFlashAttribute("notice", "Mailbox " + created.name() + " saved; Steward connects to it now.");
        return "redirect:/settings/mailboxes/" + created.id();
    }

    @GetMapping("/settings/mailboxes/{mailboxId}")
    String status(Viewer viewer, @PathVariable("mailboxId") UUID id, Model model) {
        model.addAttribute("mailbox", mailboxes.get(viewer, id));
        return "settings/mailbox";
    }

    @PostMapping("/settings/mailboxes/{mailboxId}/test")
    String test(Viewer viewer, @PathVariable("mailboxId") UUID id, Model model) {
        model.addAttribute("probe", mailboxes.test(viewer, id));
        return status(viewer, id, model);
    }

    @GetMapping("/settings/mailboxes/{mailboxId}/edit")
    String edit(Viewer viewer, @PathVariable("mailboxId") UUID id, Model model) {
        MailboxView m = mailboxes.get(viewer, id);
        MailboxInput input = new MailboxInput(m.name(), m.address(), m.host(), m.port(), m.security(), m.plaintextAllowed(), m.auth(), m.username(),
                "", m.oauthTokenEndpoint(), m.oauthClientId(), "", "", m.oauthRefreshExpiresOn(), m.folder(), m.boundClientId(), m.trustWithoutDmarc(),
                m.trustedAuthServId(), null);
        return form(viewer, model, input, m, new HashMap<>());
    }

    @PostMapping("/settings/mailboxes/{mailboxId}")
    String update(Viewer viewer, @PathVariable("mailboxId") UUID id, @RequestParam int version, @Valid @ModelAttribute("form") MailboxInput form,
                  BindingResult binding, Model model, RedirectAttributes flash) {
        MailboxView existing = mailboxes.get(viewer, id);
        Map<String, String> errors = Forms.errors(binding);
        if (Forms.attempt(errors, () -> mailboxes.update(viewer, id, form, version)) == null) {
            return form(viewer, model, form, existing, errors);
        }
        flash.addFlashAttribute("notice", "Mailbox " + form.name() + " saved; Steward reconnects with the new settings.");
        return "redirect:/settings/mailboxes/" + id;
    }

    @PostMapping("/settings/mailboxes/{mailboxId}/enabled")
    String setEnabled(Viewer viewer, @PathVariable("mailboxId") UUID id, @RequestParam boolean enabled, RedirectAttributes flash) {
        MailboxView m = mailboxes.setEnabled(viewer, id, enabled);
        flash.addFlashAttribute("notice", "Mailbox " + m.name() + (enabled ? " enabled." : " disabled: Steward no longer fetches its mail."));
        return "redirect:/settings/mailboxes/" + id;
    }

    @PostMapping("/settings/mailboxes/{mailboxId}/delete")
    String delete(Viewer viewer, @PathVariable("mailboxId") UUID id, RedirectAttributes flash) {
        MailboxView m = mailboxes.get(viewer, id);
        mailboxes.delete(viewer, id);
        flash.addFlashAttribute("notice", "Mailbox " + m.name() + " deleted.");
        return "redirect:/settings/mailboxes";
    }

    private String form(Viewer viewer, Model model, MailboxInput form, MailboxView existing, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("existing", existing);
        model.addAttribute("errors", errors);
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        return "settings/mailbox-form";
    }
}
