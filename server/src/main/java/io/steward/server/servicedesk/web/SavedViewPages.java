package io.steward.server.servicedesk.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.servicedesk.SavedView;
import io.steward.server.servicedesk.SavedViewDraft;
import io.steward.server.servicedesk.SavedViewService;
import io.steward.server.shared.Viewer;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Saving the queue as it is shown under a name, and deleting a saved view, from the queue page. */
@Controller
class SavedViewPages {
    private final SavedViewService views;

    SavedViewPages(SavedViewService views) {
        this.views = views;
    }

    @PostMapping("/servicedesk/views")
    String save(Viewer viewer, @RequestParam(defaultValue = "") String name, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        Map<String, String> filters = new LinkedHashMap<>();
        SavedView.KEYS.forEach(k -> {
            if (form.containsKey(k)) {
                filters.put(k, form.get(k));
            }
        });
        Map<String, String> errors = new LinkedHashMap<>();
        SavedView saved = Forms.attempt(errors, () -> views.save(viewer, new SavedViewDraft(name, filters)));
        if (saved == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
            return "redirect:/servicedesk";
        }
        flash.addFlashAttribute("notice", "View '" + saved.name() + "' saved.");
        return "redirect:/servicedesk" + (saved.query().isEmpty() ? "" : "?" + saved.query());
    }

    @PostMapping("/servicedesk/views/{viewId}/delete")
    String delete(Viewer viewer, @PathVariable UUID viewId, RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        Object done = Forms.attempt(errors, () -> {
            views.delete(viewer, viewId);
            return Boolean.TRUE;
        });
        flash.addFlashAttribute(done == null ? "error" : "notice", done == null ? String.join(" ", errors.values()) : "View deleted.");
        return "redirect:/servicedesk";
    }
}
