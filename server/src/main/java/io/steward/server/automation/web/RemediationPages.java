package io.steward.server.automation.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.alerting.AlertService;
import io.steward.server.automation.RemediationRuleDraft;
import io.steward.server.automation.RemediationRules;
import io.steward.server.automation.StandardChanges;
import io.steward.server.shared.Viewer;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The remediation rules page: the rules, and (service managers and admins) a form to add one and buttons to remove them. */
@Controller
class RemediationPages {
    private final RemediationRules rules;
    private final AlertService alerts;
    private final StandardChanges changes;

    RemediationPages(RemediationRules rules, AlertService alerts, StandardChanges changes) {
        this.rules = rules;
        this.alerts = alerts;
        this.changes = changes;
    }

    @GetMapping("/automation/remediation")
    String page(Viewer viewer, Model model) {
        return render(viewer, model, Map.of(), Map.of());
    }

    /** {@code values} holds one NAME=value per line. */
    @PostMapping("/automation/remediation")
    String add(Viewer viewer, @RequestParam(required = false) UUID policyId, @RequestParam(required = false) UUID scriptVersionId,
               @RequestParam(defaultValue = "") String values, @RequestParam(required = false) Integer maxAttempts, Model model,
               RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String line : values.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 1) {
                errors.put("values", "One NAME=value per line.");
            } else {
                parameters.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        }
        if (errors.isEmpty() && Forms.attempt(errors, () -> rules.create(viewer, new RemediationRuleDraft(policyId, scriptVersionId, parameters,
                maxAttempts))) != null) {
            flash.addFlashAttribute("notice", "Remediation rule added.");
            return "redirect:/automation/remediation";
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("policyId", policyId == null ? "" : policyId.toString());
        form.put("scriptVersionId", scriptVersionId == null ? "" : scriptVersionId.toString());
        form.put("values", values);
        form.put("maxAttempts", maxAttempts == null ? "1" : maxAttempts.toString());
        return render(viewer, model, form, errors);
    }

    @PostMapping("/automation/remediation/{ruleId}/delete")
    String delete(Viewer viewer, @PathVariable UUID ruleId, RedirectAttributes flash) {
        rules.delete(viewer, ruleId);
        flash.addFlashAttribute("notice", "Remediation rule removed.");
        return "redirect:/automation/remediation";
    }

    private String render(Viewer viewer, Model model, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("rules", rules.list(viewer));
        boolean manage = RemediationRules.MANAGE.allows(viewer);
        model.addAttribute("mayManage", manage);
        if (manage) {
            model.addAttribute("policies", alerts.policies(viewer).stream().filter(p -> !p.metric().startsWith("agent.")).toList());
            model.addAttribute("changes", changes.list(viewer, null).stream().filter(c -> "ACTIVE".equals(c.state())).toList());
        }
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "automation/remediation";
    }
}
