package io.steward.server.notify.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.internal.webhook.WebhookEndpoint;
import io.steward.server.notify.internal.webhook.WebhookEndpointDraft;
import io.steward.server.notify.internal.webhook.WebhookEventType;
import io.steward.server.notify.internal.webhook.WebhookFormat;
import io.steward.server.notify.internal.webhook.WebhookService;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
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
 * The webhook pages: the list of endpoints, their form, and one endpoint's page with its delivery log, dead letters,
 * replay, test event, secret rotation (the new secret shown once, as after creating) and disable/enable.
 */
@Controller
class WebhookPages {
    private final WebhookService webhooks;
    private final ClientService clients;

    WebhookPages(WebhookService webhooks, ClientService clients) {
        this.webhooks = webhooks;
        this.clients = clients;
    }

    @GetMapping("/settings/webhooks")
    String list(Viewer viewer, @RequestParam(required = false) UUID clientId, Model model) {
        model.addAttribute("endpoints", webhooks.list(viewer, clientId));
        model.addAttribute("clientId", clientId);
        model.addAttribute("creates", viewer.hasRole(Role.MSP_ADMIN, Role.SERVICE_MANAGER) && !viewer.readOnly());
        return "settings/webhooks";
    }

    @GetMapping("/settings/webhooks/new")
    String newEndpoint(Viewer viewer, @RequestParam(required = false) UUID clientId, Model model) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        return form(viewer, model, null, new WebhookEndpointDraft("", clientId, "https://", WebhookFormat.STANDARD,
                List.of(WebhookEventType.TICKET_CREATED.code()), false, null), 0, new HashMap<>());
    }

    @PostMapping("/settings/webhooks")
    String create(Viewer viewer, @ModelAttribute("form") WebhookEndpointDraft form, BindingResult binding, Model model, RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        WebhookService.WithSecret created = Forms.attempt(errors, () -> webhooks.create(viewer, form));
        if (created == null) {
            return form(viewer, model, null, form, 0, errors);
        }
        flash.addFlashAttribute("secret", created.secret());
        flash.addFlashAttribute("notice", "Endpoint '" + created.endpoint().name() + "' saved. Copy its signing secret now: it is shown only this once.");
        return "redirect:/settings/webhooks/" + created.endpoint().id();
    }

    @GetMapping("/settings/webhooks/{webhookId}/edit")
    String edit(Viewer viewer, @PathVariable UUID webhookId, Model model) {
        WebhookEndpoint e = webhooks.get(viewer, webhookId);
        return form(viewer, model, webhookId, new WebhookEndpointDraft(e.name(), e.clientId(), e.url(), e.format(), e.eventTypes(),
                e.allowPrivateNetwork(), null), e.version(), new HashMap<>());
    }

    @PostMapping("/settings/webhooks/{webhookId}")
    String update(Viewer viewer, @PathVariable UUID webhookId, @RequestParam(defaultValue = "0") int version,
                  @ModelAttribute("form") WebhookEndpointDraft form, BindingResult binding, Model model, RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        WebhookEndpoint e = Forms.attempt(errors, () -> webhooks.update(viewer, webhookId, form, version));
        if (e == null) {
            return form(viewer, model, webhookId, form, version, errors);
        }
        flash.addFlashAttribute("notice", "Endpoint '" + e.name() + "' saved.");
        return "redirect:/settings/webhooks/" + webhookId;
    }

    @GetMapping("/settings/webhooks/{webhookId}")
    String endpoint(Viewer viewer, @PathVariable UUID webhookId, @RequestParam(required = false) String status, Model model) {
        WebhookEndpoint e = webhooks.get(viewer, webhookId);
        model.addAttribute("endpoint", e);
        model.addAttribute("status", status);
        model.addAttribute("deliveries", webhooks.deliveries(viewer, webhookId, status));
        model.addAttribute("dead", webhooks.deliveries(viewer, webhookId, "DEAD"));
        model.addAttribute("manages", WebhookService.manages(viewer, e.clientId()));
        return "settings/webhook";
    }

    @PostMapping("/settings/webhooks/{webhookId}/rotate-secret")
    String rotate(Viewer viewer, @PathVariable UUID webhookId, RedirectAttributes flash) {
        WebhookService.WithSecret rotated = webhooks.rotateSecret(viewer, webhookId);
        flash.addFlashAttribute("secret", rotated.secret());
        flash.addFlashAttribute("notice", "New signing secret made; the previous one keeps signing beside it until the time shown below."
                + " Copy the new one now: it is shown only this once.");
        return "redirect:/settings/webhooks/" + webhookId;
    }

    @PostMapping("/settings/webhooks/{webhookId}/test")
    String test(Viewer viewer, @PathVariable UUID webhookId, RedirectAttributes flash) {
        webhooks.sendTest(viewer, webhookId);
        flash.addFlashAttribute("notice", "Test event queued; it appears below once the next delivery pass has sent it.");
        return "redirect:/settings/webhooks/" + webhookId;
    }

    @PostMapping("/settings/webhooks/{webhookId}/enabled")
    String enable(Viewer viewer, @PathVariable UUID webhookId, @RequestParam boolean enabled, RedirectAttributes flash) {
        webhooks.setEnabled(viewer, webhookId, enabled);
        flash.addFlashAttribute("notice", enabled ? "Endpoint enabled." : "Endpoint disabled: it gets no deliveries until enabled again.");
        return "redirect:/settings/webhooks/" + webhookId;
    }

    @PostMapping("/settings/webhooks/{webhookId}/delete")
    String delete(Viewer viewer, @PathVariable UUID webhookId, RedirectAttributes flash) {
        webhooks.delete(viewer, webhookId);
        flash.addFlashAttribute("notice", "Endpoint deleted.");
        return "redirect:/settings/webhooks";
    }

    @PostMapping("/settings/webhooks/deliveries/{webhookDeliveryId}/replay")
    String replay(Viewer viewer, @PathVariable UUID webhookDeliveryId, RedirectAttributes flash) {
        UUID endpoint = webhooks.replay(viewer, webhookDeliveryId).endpointId();
        flash.addFlashAttribute("notice", "Delivery queued again with the same webhook-id.");
        return "redirect:/settings/webhooks/" + endpoint;
    }

    private String form(Viewer viewer, Model model, UUID id, WebhookEndpointDraft form, int version, Map<String, String> errors) {
        model.addAttribute("id", id);
        model.addAttribute("form", form);
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("formats", WebhookFormat.values());
        model.addAttribute("eventTypes", WebhookEventType.selectable());
        model.addAttribute("admin", viewer.hasRole(Role.MSP_ADMIN));
        return "settings/webhook-form";
    }
}
