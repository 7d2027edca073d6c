package io.steward.server.alerting.web;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.alerting.AlertSourceService;
import io.steward.server.alerting.AlertSourceSecret;
import io.steward.server.alerting.AlertingPermissions;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A client's alert sources as a page: the list with when each last sent and its last error, and forms to add one, rotate
 * its secret, switch it off or on and delete it. A new secret is shown in the answer to the form itself, never carried
 * through the session by a redirect, and is gone when the page is left.
 */
@Controller
class AlertSourcePages {
    private final AlertSourceService sources;
    private final ClientService clients;

    AlertSourcePages(AlertSourceService sources, ClientService clients) {
        this.sources = sources;
        this.clients = clients;
    }

    @GetMapping("/clients/{clientId}/alert-sources")
    String page(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        return show(viewer, clientId, model, null, Map.of(), null);
    }

    @PostMapping("/clients/{clientId}/alert-sources")
    String create(Viewer viewer, @PathVariable ClientId clientId, @RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String name,
                  Model model) {
        Map<String, String> errors = new HashMap<>();
        AlertSourceSecret created = Forms.attempt(errors, () -> sources.create(viewer, clientId, new AlertSourceService.SourceDraft(kind, name)));
        return show(viewer, clientId, model, created == null ? null : HookInstructions.of(created), errors, created == null ? Map.of("kind", kind, "name", name) : null);
    }

    @PostMapping("/clients/{clientId}/alert-sources/{alertSourceId}/rotate-secret")
    String rotate(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID alertSourceId, Model model) {
        return show(viewer, clientId, model, HookInstructions.of(sources.rotateSecret(viewer, clientId, alertSourceId)), Map.of(), null);
    }

    @PostMapping("/clients/{clientId}/alert-sources/{alertSourceId}/enabled")
    String enable(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID alertSourceId, @RequestParam boolean enabled,
                  RedirectAttributes flash) {
        sources.update(viewer, clientId, alertSourceId, new AlertSourceService.SourceChange(null, enabled));
        flash.addFlashAttribute("notice", enabled ? "Source switched on." : "Source switched off: its requests are refused.");
        return "redirect:/clients/" + clientId + "/alert-sources";
    }

    @PostMapping("/clients/{clientId}/alert-sources/{alertSourceId}/delete")
    String delete(Viewer viewer, @PathVariable ClientId clientId, @PathVariable UUID alertSourceId, RedirectAttributes flash) {
        sources.delete(viewer, clientId, alertSourceId);
        flash.addFlashAttribute("notice", "Source deleted.");
        return "redirect:/clients/" + clientId + "/alert-sources";
    }

    private String show(Viewer viewer, ClientId clientId, Model model, HookInstructions created, Map<String, String> errors, Map<String, String> typed) {
        model.addAttribute("client", clients.get(viewer, clientId));
        model.addAttribute("sources", sources.sources(viewer, clientId));
        model.addAttribute("alerts", sources.externalAlerts(viewer, null, clientId));
        model.addAttribute("canManage", AlertingPermissions.MANAGE_SOURCES.allows(viewer));
        model.addAttribute("created", created);
        model.addAttribute("errors", errors);
        model.addAttribute("typed", typed);
        return "alert-sources";
    }
}
