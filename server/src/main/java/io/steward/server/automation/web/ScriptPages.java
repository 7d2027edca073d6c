package io.steward.server.automation.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.automation.Script;
import io.steward.server.automation.ScriptCatalog.ParameterType;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.automation.StandardChanges;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The script library's pages: the list, a script with its versions, a version with its diff to the one before, and
 * the form (MSP admins and service managers; a refused form comes back with what was typed and every reason).
 */
@Controller
class ScriptPages {
    private final ScriptLibrary library;
    private final StandardChanges standardChanges;
    private final ClientService clients;

    ScriptPages(ScriptLibrary library, StandardChanges standardChanges, ClientService clients) {
        this.library = library;
        this.standardChanges = standardChanges;
        this.clients = clients;
    }

    @GetMapping("/automation/scripts")
    String scripts(Viewer viewer, @RequestParam(defaultValue = "false") boolean archived, Model model) {
        model.addAttribute("scripts", library.list(viewer, archived));
        model.addAttribute("archived", archived);
        model.addAttribute("edits", ScriptLibrary.EDITORS.allows(viewer));
        return "automation/scripts";
    }

    @GetMapping("/automation/scripts/new")
    String newScript(Viewer viewer, Model model) {
        ScriptLibrary.EDITORS.require(viewer);
        return form(viewer, model, null, ScriptForm.blank(), new LinkedHashMap<>());
    }

    @PostMapping("/automation/scripts")
    String create(Viewer viewer, @RequestParam MultiValueMap<String, String> params, Model model, RedirectAttributes flash) {
        ScriptForm form = ScriptForm.read(params);
        Map<String, String> errors = new LinkedHashMap<>();
        var draft = form.draft(errors);
        withOtherFaults(viewer, null, draft, errors);
        Script s = Forms.attempt(errors, () -> library.create(viewer, draft));
        if (s == null) {
            return form(viewer, model, null, form, errors);
        }
        flash.addFlashAttribute("notice", "Script '" + s.name() + "' saved as version 1.");
        return "redirect:/automation/scripts/" + s.id();
    }

    @GetMapping("/automation/scripts/{scriptId}")
    String script(Viewer viewer, @PathVariable UUID scriptId, Model model) {
        Script s = library.get(viewer, scriptId);
        model.addAttribute("script", s);
        model.addAttribute("versions", library.versions(viewer, scriptId));
        model.addAttribute("clientNames", clientNames(viewer));
        model.addAttribute("edits", ScriptLibrary.EDITORS.allows(viewer));
        model.addAttribute("mayRequest", io.steward.server.automation.TaskService.REQUEST.allows(viewer));
        return "automation/script";
    }

    @GetMapping("/automation/scripts/{scriptId}/edit")
    String edit(Viewer viewer, @PathVariable UUID scriptId, Model model) {
        ScriptLibrary.EDITORS.require(viewer);
        return form(viewer, model, scriptId, ScriptForm.of(library.get(viewer, scriptId)), new LinkedHashMap<>());
    }

    @PostMapping("/automation/scripts/{scriptId}")
    String save(Viewer viewer, @PathVariable UUID scriptId, @RequestParam MultiValueMap<String, String> params, Model model,
                RedirectAttributes flash) {
        ScriptForm form = ScriptForm.read(params);
        Map<String, String> errors = new LinkedHashMap<>();
        var draft = form.draft(errors);
        withOtherFaults(viewer, scriptId, draft, errors);
        int before = library.get(viewer, scriptId).latest().number();
        Script s = Forms.attempt(errors, () -> library.save(viewer, scriptId, draft));
        if (s == null) {
            return form(viewer, model, scriptId, form, errors);
        }
        flash.addFlashAttribute("notice", s.latest().number() == before ? "Saved; the content is unchanged, so no new version."
                : "Saved as version " + s.latest().number() + ".");
        return "redirect:/automation/scripts/" + scriptId;
    }

    @PostMapping("/automation/scripts/{scriptId}/archive")
    String archive(Viewer viewer, @PathVariable UUID scriptId, @RequestParam(defaultValue = "true") boolean archived, RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        Script s = Forms.attempt(errors, () -> library.archive(viewer, scriptId, archived));
        flash.addFlashAttribute(s == null ? "error" : "notice", s == null ? String.join(" ", errors.values())
                : archived ? "Script archived." : "Script restored.");
        return "redirect:/automation/scripts/" + scriptId;
    }

    @GetMapping("/automation/scripts/{scriptId}/versions/{scriptVersionId}")
    String version(Viewer viewer, @PathVariable UUID scriptId, @PathVariable UUID scriptVersionId, Model model) {
        ScriptLibrary.VersionDetail d = library.version(viewer, scriptVersionId);
        if (!d.version().scriptId().equals(scriptId)) {
            throw new NotFoundException("No such script version.");
        }
        model.addAttribute("script", library.get(viewer, scriptId));
        model.addAttribute("detail", d);
        model.addAttribute("v", d.version());
        model.addAttribute("diff", library.diff(viewer, scriptVersionId));
        model.addAttribute("standardChanges", standardChanges.list(viewer, scriptVersionId));
        model.addAttribute("mayStandardize", StandardChanges.DECIDERS.allows(viewer) && d.bodyMatchesHash()
                && d.version().parameters().stream().noneMatch(p -> p.type() == ParameterType.SECRET));
        model.addAttribute("mayRequest", io.steward.server.automation.TaskService.REQUEST.allows(viewer));
        return "automation/script-version";
    }

    /** A form with values that are not even numbers also shows the library's other reasons, all at once. */
    private void withOtherFaults(Viewer viewer, UUID scriptId, io.steward.server.automation.ScriptDraft draft, Map<String, String> errors) {
        if (!errors.isEmpty() && ScriptLibrary.EDITORS.allows(viewer)) {
            library.faults(viewer, scriptId, draft).forEach(errors::putIfAbsent);
        }
    }

    private Map<UUID, String> clientNames(Viewer viewer) {
        Map<UUID, String> names = new LinkedHashMap<>();
        clients.summaries(viewer.scope()).forEach(c -> names.put(c.id().value(), c.name()));
        return names;
    }

    private String form(Viewer viewer, Model model, UUID id, ScriptForm form, Map<String, String> errors) {
        model.addAttribute("id", id);
        model.addAttribute("form", form);
        model.addAttribute("rows", form.rowsWithSpare());
        model.addAttribute("errors", errors);
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("interpreters", ScriptLibrary.INTERPRETERS);
        model.addAttribute("systems", ScriptLibrary.OPERATING_SYSTEMS);
        model.addAttribute("types", ParameterType.values());
        return "automation/script-form";
    }
}
