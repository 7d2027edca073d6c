package io.steward.server.automation;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.alerting.AlertPolicy;
import io.steward.server.alerting.AlertService;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.internal.remediation.RemediationRepository;
import io.steward.server.automation.internal.remediation.RulePolicies;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remediation rules: an alert policy names the script version of an active standard change, the values to pass and the
 * attempts per alert. Only values the standard change allows are accepted, so a rule can never ask for more than two
 * people approved; the signer checks the same again when a run is signed. Service managers and admins manage rules;
 * an MSP-wide policy's rule needs a change for every client and a person who sees every client. Audited.
 */
@Service
public class RemediationRules {
    /** Who may add and remove rules. */
    public static final Permission MANAGE = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
    /** The most runs one alert may take. */
    public static final int MAX_ATTEMPTS = 5;

    private final RemediationRepository repository;
    private final RulePolicies rulePolicies;
    private final AlertService alerts;
    private final ScriptCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    public RemediationRules(RemediationRepository repository, RulePolicies rulePolicies, AlertService alerts, ScriptCatalog catalog, AuditLog audit,
                            Clock clock) {
        this.repository = repository;
        this.rulePolicies = rulePolicies;
        this.alerts = alerts;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** The rules of the policies the viewer sees (staff), newest first. */
    @Transactional(readOnly = true)
    public List<RemediationRule> list(Viewer viewer) {
        TaskService.requireStaff(viewer);
        Map<UUID, String> names = alerts.policies(viewer).stream().collect(Collectors.toMap(AlertPolicy::id, AlertPolicy::name, (a, b) -> a));
        return repository.rules(viewer.scope()).stream().filter(r -> names.containsKey(r.policyId())).map(r -> named(r, names.get(r.policyId())))
                .toList();
    }

    @Transactional(readOnly = true)
    public RemediationRule get(Viewer viewer, UUID id) {
        TaskService.requireStaff(viewer);
        RemediationRule r = repository.rule(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such remediation rule."));
        return named(r, alerts.policy(viewer, r.policyId()).name());
    }

    /** Adds a rule after checking every field (all faults at once, as field errors). */
    @Transactional
    public RemediationRule create(Viewer viewer, RemediationRuleDraft draft) {
        TaskService.requireStaff(viewer);
        MANAGE.require(viewer);
        Map<String, String> errors = new LinkedHashMap<>();
        AlertPolicy policy = policy(viewer, draft.policyId(), errors);
        int attempts = draft.maxAttempts() == null ? 1 : draft.maxAttempts();
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            errors.put("maxAttempts", "Between 1 and " + MAX_ATTEMPTS + " attempts per alert.");
        }
        ScriptCatalog.ScriptVersion version = draft.scriptVersionId() == null ? null : catalog.version(draft.scriptVersionId()).orElse(null);
        if (version == null) {
            errors.put("scriptVersionId", "No such script version.");
        }
        RefusedFields.throwIfAny(errors);
        if (policy.clientId() != null && !version.allows(policy.clientId())) {
            errors.put("scriptVersionId", "This script is not for the policy's client.");
        }
        List<Parameter> values = catalog.resolve(version, UUID.randomUUID(), draft.parameters()).signed();
        errors.putAll(coverage(policy, version, values));
        RefusedFields.throwIfAny(errors);
        if (repository.ofPolicy(policy.id()).isPresent()) {
            throw new ConflictException("policyId", "This alert policy has a remediation rule already; remove it first.");
        }
        UUID id = UUID.randomUUID();
        Map<String, String> stored = values.stream().collect(Collectors.toMap(Parameter::name, Parameter::value, (a, b) -> a, LinkedHashMap::new));
        audit.record("remediation_rule.created", "remediation_rule", id.toString(), policy.clientId(), Map.of("policy", policy.name(),
                "script", version.scriptName(), "version", version.number(), "maxAttempts", attempts, "parameters", stored));
        repository.insert(new RemediationRepository.NewRule(id, policy.id(), policy.clientId(), version.id(), stored, attempts, viewer.userId().value(),
                viewer.displayName(), clock.instant()));
        rulePolicies.forget();
        return get(viewer, id);
    }

    /** Removes a rule: alerts fired from now on run nothing. */
    @Transactional
    public void delete(Viewer viewer, UUID id) {
        TaskService.requireStaff(viewer);
        MANAGE.require(viewer);
        RemediationRule r = repository.rule(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such remediation rule."));
        if (r.clientId() == null && !viewer.scope().allClients()) {
            throw new ForbiddenException("Only staff who see every client may remove the rule of an MSP-wide policy.");
        }
        audit.record("remediation_rule.deleted", "remediation_rule", id.toString(), r.clientId(), Map.of("policy", r.policyId().toString(),
                "script", r.scriptName()));
        repository.delete(id);
        rulePolicies.forget();
    }

    private AlertPolicy policy(Viewer viewer, UUID policyId, Map<String, String> errors) {
        if (policyId == null) {
            errors.put("policyId", "Choose an alert policy.");
            RefusedFields.throwIfAny(errors);
        }
        AlertPolicy policy;
        try {
            policy = alerts.policy(viewer, policyId);
        } catch (NotFoundException e) {
            throw new InvalidInputException("policyId", "No such alert policy.");
        }
        if (policy.metric().startsWith("agent.")) {
            // Offline devices cannot run anything, and a refused task must never start another.
            errors.put("policyId", "Alerts of this policy cannot be remediated by a script.");
        }
        if (policy.clientId() == null && !viewer.scope().allClients()) {
            errors.put("policyId", "Only staff who see every client may add a rule to an MSP-wide policy.");
        }
        return policy;
    }

    /**
     * The faults of {@code values} against the version's active standard changes that apply to the policy's clients
     * (a client's policy: a change for that client or every client; an MSP-wide one: a change for every client).
     * Empty when one change allows every value.
     */
    private Map<String, String> coverage(AlertPolicy policy, ScriptCatalog.ScriptVersion version, List<Parameter> values) {
        Instant now = clock.instant();
        List<StandardChangeSpec> changes = catalog.standardChanges(version.id()).stream().filter(ScriptCatalog.StandardChange::active)
                .map(ScriptCatalog.StandardChange::spec).filter(c -> now.isBefore(c.notAfter()))
                .filter(c -> c.scopeClientId() == null || policy.clientId() != null && c.scopeClientId().equals(policy.clientId().value())).toList();
        if (changes.isEmpty()) {
            return Map.of("scriptVersionId", policy.clientId() == null
                    ? "No active standard change makes this version standard for every client."
                    : "No active standard change makes this version standard for the policy's client.");
        }
        Map<String, String> first = null;
        for (StandardChangeSpec c : changes) {
            Map<String, String> faults = faults(c, values);
            if (faults.isEmpty()) {
                return Map.of();
            }
            first = first == null ? faults : first;
        }
        return first;
    }

    private static Map<String, String> faults(StandardChangeSpec c, List<Parameter> values) {
        Map<String, StandardChangeSpec.Allowed> allowed = c.allowed().stream().collect(Collectors.toMap(StandardChangeSpec.Allowed::name,
                Function.identity(), (a, b) -> a));
        Map<String, String> faults = new LinkedHashMap<>();
        for (Parameter p : values) {
            StandardChangeSpec.Allowed a = allowed.get(p.name());
            if (p.delivery() == Parameter.Delivery.SECRET) {
                faults.put("parameters." + p.name(), "A secret cannot be passed by a standard change.");
            } else if (a == null || a.delivery() != p.delivery() || !a.values().contains(p.value())) {
                faults.put("parameters." + p.name(), "Not among the values the standard change allows"
                        + (a == null ? "." : ": " + String.join(", ", a.values()) + "."));
            }
        }
        return faults;
    }

    private static RemediationRule named(RemediationRule r, String policyName) {
        return new RemediationRule(r.id(), r.policyId(), policyName, r.clientId(), r.scriptVersionId(), r.scriptName(), r.scriptVersionNumber(),
                r.parameters(), r.maxAttempts(), r.createdByName(), r.createdAt());
    }
}
