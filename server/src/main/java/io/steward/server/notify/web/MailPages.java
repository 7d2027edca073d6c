package io.steward.server.notify.web;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.internal.mail.MailLog;
import io.steward.server.notify.internal.mail.MailTemplates;
import io.steward.server.shared.Viewer;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The mail settings pages (MSP admins): SMTP status, delivery log and suppression list; the texts of each kind of mail. */
@Controller
class MailPages {
    private final MailTemplates templates;
    private final MailLog log;

    MailPages(MailTemplates templates, MailLog log) {
        this.templates = templates;
        this.log = log;
    }

    @GetMapping("/settings/mail")
    String mail(Viewer viewer, Model model) {
        model.addAttribute("status", log.status(viewer));
        model.addAttribute("outbox", log.outbox(viewer, null, 50));
        model.addAttribute("suppressions", log.suppressions(viewer));
        return "notify/mail";
    }

    @PostMapping("/settings/mail/outbox/{id}/retry")
    String retry(Viewer viewer, @PathVariable UUID id, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> log.retry(viewer, id)) == null) {
            flash.addFlashAttribute("problem", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", "The mail is queued again.");
        }
        return "redirect:/settings/mail";
    }

    @PostMapping("/settings/mail/suppressions/clear")
    String clear(Viewer viewer, @RequestParam String address, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> {
            log.clear(viewer, address);
            return address;
        }) == null) {
            flash.addFlashAttribute("problem", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", address + " receives mail again.");
        }
        return "redirect:/settings/mail";
    }

    @GetMapping("/settings/mail-templates")
    String list(Viewer viewer, Model model) {
        model.addAttribute("templates", templates.list(viewer));
        return "notify/mail-templates";
    }

    @GetMapping("/settings/mail-templates/{kind}")
    String edit(Viewer viewer, @PathVariable String kind, Model model) {
        MailTemplates.Template t = templates.get(viewer, kind);
        return form(viewer, t, t.subject(), t.body(), new HashMap<>(), true, model);
    }

    /** Saves, or with {@code preview} shows what the typed texts make without storing them. */
    @PostMapping("/settings/mail-templates/{kind}")
    String save(Viewer viewer, @PathVariable String kind, @RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String body,
                @RequestParam(required = false) String preview, Model model, RedirectAttributes flash) {
        MailTemplates.Template t = templates.get(viewer, kind);
        Map<String, String> errors = new HashMap<>();
        if (preview != null) {
            return form(viewer, t, subject, body, errors, true, model);
        }
        if (Forms.attempt(errors, () -> templates.save(viewer, kind, subject, body)) == null) {
            return form(viewer, t, subject, body, errors, false, model);
        }
        flash.addFlashAttribute("notice", "Saved: " + t.label() + ".");
        return "redirect:/settings/mail-templates";
    }

    @PostMapping("/settings/mail-templates/{kind}/reset")
    String reset(Viewer viewer, @PathVariable String kind, RedirectAttributes flash) {
        MailTemplates.Template t = templates.reset(viewer, kind);
        flash.addFlashAttribute("notice", t.label() + " uses the default texts again.");
        return "redirect:/settings/mail-templates";
    }

    private String form(Viewer viewer, MailTemplates.Template t, String subject, String body, Map<String, String> errors, boolean withPreview,
                        Model model) {
        model.addAttribute("template", t);
        model.addAttribute("subject", subject);
        model.addAttribute("body", body);
        if (withPreview) {
            Forms.attempt(errors, () -> {
                model.addAttribute("preview", templates.preview(viewer, t.kind(), subject, body));
                return t;
            });
        }
        model.addAttribute("errors", errors);
        return "notify/mail-template-form";
    }
}
