package io.steward.server.automation.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.automation.RemediationRule;
import io.steward.server.automation.RemediationRuleDraft;
import io.steward.server.automation.RemediationRules;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Remediation rules over JSON: which standard script an alert policy runs on the alerting device, with which values. */
@RestController
@RequestMapping("/api/v1/remediation-rules")
@Tag(name = "Remediation rules", description = "When an alert of a policy fires on a device, Steward runs the rule's standard script "
        + "(a version with an active standard change, with values that change allows) once on that device only, at most maxAttempts "
        + "times per alert; the run is noted on the incident, and an incident that then recovers is resolved as remediated automatically")
class RemediationApi {
    private final RemediationRules rules;

    RemediationApi(RemediationRules rules) {
        this.rules = rules;
    }

    @GetMapping
    @Operation(summary = "Remediation rules of the alert policies the caller sees (staff)")
    List<RemediationRule> listRemediationRules(Viewer viewer) {
        return rules.list(viewer);
    }

    @GetMapping("/{ruleId}")
    @Operation(summary = "One remediation rule")
    RemediationRule getRemediationRule(Viewer viewer, @PathVariable UUID ruleId) {
        return rules.get(viewer, ruleId);
    }

    @PostMapping
    @Operation(summary = "Add a rule to an alert policy (service managers and admins); values outside the standard change's allowed "
            + "ones are refused with a field error per parameter (parameters.<name>)")
    ResponseEntity<RemediationRule> createRemediationRule(Viewer viewer, @RequestBody RemediationRuleDraft draft) {
        RemediationRule r = rules.create(viewer, draft);
        return ResponseEntity.created(java.net.URI.create("/api/v1/remediation-rules/" + r.id())).body(r);
    }

    @DeleteMapping("/{ruleId}")
    @Operation(summary = "Remove a rule: alerts fired from now on run nothing")
    ResponseEntity<Void> deleteRemediationRule(Viewer viewer, @PathVariable UUID ruleId) {
        rules.delete(viewer, ruleId);
        return ResponseEntity.noContent().build();
    }
}
