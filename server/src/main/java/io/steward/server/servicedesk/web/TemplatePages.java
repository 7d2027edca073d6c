package io.steward.server.servicedesk.web;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.CannedReply;
import io.steward.server.servicedesk.CannedReplyDraft;
import io.steward.server.servicedesk.CannedReplyService;
import io.steward.server.servicedesk.CannedText;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketTemplate;
import io.steward.server.servicedesk.TicketTemplateDraft;
import io.steward.server.servicedesk.TicketTemplateService;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.shared.Role;
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

/**
 * The pages of ticket templates and canned replies: lists every staff member reads, forms for MSP admins and service
 * managers (a refused form comes back with what was typed and the reasons), and the new-ticket form filled from a template.
 */
@Controller
class TemplatePages {
    private final TicketTemplateService templates;
    private final CannedReplyService replies;
    private final ClientService clients;

    TemplatePages(TicketTemplateService templates, CannedReplyService replies, ClientService clients) {
        this.templates = templates;
        this.replies = replies;
        this.clients = clients;
    }

    @GetMapping("/servicedesk/templates")
    String templates(Viewer viewer, Model model) {
        model.addAttribute("templates", templates.list(viewer, null));
        model.addAttribute("replies", replies.list(viewer));
        model.addAttribute("manages", manages(viewer));
        return "servicedesk/templates";
    }

    @GetMapping("/servicedesk/templates/new")
    String newTemplate(Viewer viewer, Model model) {
        requireManager(viewer);
        return templateForm(viewer, model, null, new TicketTemplateDraft("", null, TicketType.SERVICE_REQUEST, "", "", "", Level.MEDIUM,
                Level.MEDIUM, null, ""), 0, new HashMap<>());
    }

    @GetMapping("/servicedesk/templates/{templateId}")
    String editTemplate(Viewer viewer, @PathVariable UUID templateId, Model model) {
        requireManager(viewer);
        TicketTemplate t = templates.get(viewer, templateId);
        return templateForm(viewer, model, templateId, new TicketTemplateDraft(t.name(), t.clientId(), t.type(), t.title(), t.description(),
                t.category(), t.impact(), t.urgency(), t.priorityOverride(), t.priorityReason()), t.version(), new HashMap<>());
    }

    @PostMapping("/servicedesk/templates")
    String createTemplate(Viewer viewer, @Valid @ModelAttribute("form") TicketTemplateDraft form, BindingResult binding, Model model,
                          RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        TicketTemplate t = Forms.attempt(errors, () -> templates.create(viewer, form));
        if (t == null) {
            return templateForm(viewer, model, null, form, 0, errors);
        }
        flash.addFlashAttribute("notice", "Template '" + t.name() + "' saved.");
        return "redirect:/servicedesk/templates";
    }

    @PostMapping("/servicedesk/templates/{templateId}")
    String updateTemplate(Viewer viewer, @PathVariable UUID templateId, @RequestParam(defaultValue = "0") int version,
                          @Valid @ModelAttribute("form") TicketTemplateDraft form, BindingResult binding, Model model, RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        TicketTemplate t = Forms.attempt(errors, () -> templates.update(viewer, templateId, form, version));
        if (t == null) {
            return templateForm(viewer, model, templateId, form, version, errors);
        }
        flash.addFlashAttribute("notice", "Template '" + t.name() + "' saved.");
        return "redirect:/servicedesk/templates";
    }

    @PostMapping("/servicedesk/templates/{templateId}/delete")
    String deleteTemplate(Viewer viewer, @PathVariable UUID templateId, RedirectAttributes flash) {
        return done(flash, () -> templates.delete(viewer, templateId), "Template deleted.");
    }

    /** The "From template" picker of the new-ticket form, loaded into it by htmx. */
    @GetMapping("/servicedesk/templates/picker")
    String picker(Viewer viewer, @RequestParam(required = false) UUID clientId, Model model) {
        model.addAttribute("templates", templates.list(viewer, null));
        model.addAttribute("clientId", clientId);
        return "servicedesk/template-picker :: picker";
    }

    /** The new-ticket form filled from a template; the person still checks it and creates the ticket. */
    @GetMapping(path = "/tickets/new", params = "templateId")
    String newFromTemplate(Viewer viewer, @RequestParam UUID templateId, @RequestParam(required = false) UUID clientId, Model model) {
        return TicketPages.form(clients, viewer, model, templates.prefill(viewer, templateId, clientId), new HashMap<>());
    }

    @GetMapping("/servicedesk/canned-replies/new")
    String newReply(Viewer viewer, Model model) {
        requireManager(viewer);
        return replyForm(model, null, new CannedReplyDraft("", ""), 0, new HashMap<>());
    }

    @GetMapping("/servicedesk/canned-replies/{cannedReplyId}")
    String editReply(Viewer viewer, @PathVariable UUID cannedReplyId, Model model) {
        requireManager(viewer);
        CannedReply r = replies.get(viewer, cannedReplyId);
        return replyForm(model, cannedReplyId, new CannedReplyDraft(r.name(), r.body()), r.version(), new HashMap<>());
    }

    @PostMapping("/servicedesk/canned-replies")
    String createReply(Viewer viewer, @Valid @ModelAttribute("form") CannedReplyDraft form, BindingResult binding, Model model,
                       RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        CannedReply r = Forms.attempt(errors, () -> replies.create(viewer, form));
        if (r == null) {
            return replyForm(model, null, form, 0, errors);
        }
        flash.addFlashAttribute("notice", "Canned reply '" + r.name() + "' saved.");
        return "redirect:/servicedesk/templates";
    }

    @PostMapping("/servicedesk/canned-replies/{cannedReplyId}")
    String updateReply(Viewer viewer, @PathVariable UUID cannedReplyId, @RequestParam(defaultValue = "0") int version,
                       @Valid @ModelAttribute("form") CannedReplyDraft form, BindingResult binding, Model model, RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        CannedReply r = Forms.attempt(errors, () -> replies.update(viewer, cannedReplyId, form, version));
        if (r == null) {
            return replyForm(model, cannedReplyId, form, version, errors);
        }
        flash.addFlashAttribute("notice", "Canned reply '" + r.name() + "' saved.");
        return "redirect:/servicedesk/templates";
    }

    @PostMapping("/servicedesk/canned-replies/{cannedReplyId}/delete")
    String deleteReply(Viewer viewer, @PathVariable UUID cannedReplyId, RedirectAttributes flash) {
        return done(flash, () -> replies.delete(viewer, cannedReplyId), "Canned reply deleted.");
    }

    private String templateForm(Viewer viewer, Model model, UUID id, TicketTemplateDraft form, int version, Map<String, String> errors) {
        model.addAttribute("id", id);
        model.addAttribute("form", form);
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("types", TicketType.values());
        model.addAttribute("levels", Level.values());
        model.addAttribute("priorities", Priority.values());
        return "servicedesk/template-form";
    }

    private static String replyForm(Model model, UUID id, CannedReplyDraft form, int version, Map<String, String> errors) {
        model.addAttribute("id", id);
        model.addAttribute("form", form);
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute("placeholders", CannedText.PLACEHOLDERS);
        return "servicedesk/canned-reply-form";
    }

    private static String done(RedirectAttributes flash, Runnable action, String notice) {
        Map<String, String> errors = new HashMap<>();
        Object ok = Forms.attempt(errors, () -> {
            action.run();
            return Boolean.TRUE;
        });
        flash.addFlashAttribute(ok == null ? "error" : "notice", ok == null ? String.join(" ", errors.values()) : notice);
        return "redirect:/servicedesk/templates";
    }

    /** Only those who may save a form are shown it; the list says the same by offering no buttons to others. */
    private static void requireManager(Viewer viewer) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
    }

    private static boolean manages(Viewer viewer) {
        return viewer.hasRole(Role.MSP_ADMIN, Role.SERVICE_MANAGER) && !viewer.readOnly();
    }
}
