package io.steward.signer.rules;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import io.steward.signer.Refusal;

/**
 * Decides whether a run falls inside a standard change the signer holds: the same script hash, interpreter and
 * run-as user, a timeout and output limit within the change's, only parameters the change allows with values from
 * their lists (no secrets), the change's client (or any client when it is for all), and both the change and the
 * task ending no later than the change's expiry. The one bounded exception to the two-person rule, so nothing
 * outside these bounds passes.
 */
public final class StandardRunRule {

    public void check(TaskSpec task, StandardChangeSpec change, Instant now) {
        if (change == null || !change.id().equals(task.standardChangeId())) {
            throw new Refusal("the signer holds no standard change " + task.standardChangeId());
        }
        if (!now.isBefore(change.notAfter())) {
            throw new Refusal("the standard change expired at " + change.notAfter());
        }
        if (task.notAfter().isAfter(change.notAfter())) {
            throw new Refusal("the task would run past the standard change's expiry");
        }
        if (!task.scriptSha256().equals(change.scriptSha256())) {
            throw new Refusal("the script's hash is not the standard change's");
        }
        if (!task.interpreter().equals(change.interpreter())) {
            throw new Refusal("the interpreter is not the standard change's");
        }
        if (!task.runAs().equals(change.runAs())) {
            throw new Refusal("the run-as user is not the standard change's");
        }
        if (task.timeoutSeconds() < 1 || task.timeoutSeconds() > change.maxTimeoutSeconds()) {
            throw new Refusal("the timeout is outside the standard change's (at most " + change.maxTimeoutSeconds() + " s)");
        }
        if (task.outputLimitBytes() > change.outputLimitBytes()) {
            throw new Refusal("the output limit is above the standard change's");
        }
        if (change.scopeClientId() != null && !change.scopeClientId().equals(task.clientId())) {
            throw new Refusal("the client is outside the standard change's scope");
        }
        Set<String> seen = new HashSet<>();
        for (Parameter p : task.parameters()) {
            if (!seen.add(p.name())) {
                throw new Refusal("parameter " + p.name() + " is given twice");
            }
            if (p.delivery() == Parameter.Delivery.SECRET) {
                throw new Refusal("a standard run cannot carry secret parameters");
            }
            StandardChangeSpec.Allowed allowed = change.allowed().stream().filter(a -> a.name().equals(p.name())).findFirst()
                    .orElseThrow(() -> new Refusal("parameter " + p.name() + " is not allowed by the standard change"));
            if (allowed.delivery() != p.delivery() || !allowed.values().contains(p.value())) {
                throw new Refusal("the value of parameter " + p.name() + " is not one the standard change allows");
            }
        }
    }
}
