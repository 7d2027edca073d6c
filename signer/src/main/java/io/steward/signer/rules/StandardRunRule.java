package io.steward.signer.rules;

import java.time.Instant;
import java.util.List;

import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import io.steward.signer.Refusal;

/**
 * Decides whether a run falls inside a standard change the signer holds: the same script hash, interpreter and
 * run-as user, a timeout and output limit within the change's, exactly the change's parameters, in its order, each
 * once, with values from their lists (no secrets), the change's client (or any client when it is for all), and both the change and the
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
        // Exactly the change's entries, in its order, each once: arguments are positional, so a reordered, omitted or
        // extra one would run the approved script with a meaning nobody approved even when every value is allowed.
        List<Parameter> given = task.parameters();
        List<StandardChangeSpec.Allowed> allowed = change.allowed();
        for (int i = 0; i < given.size(); i++) {
            Parameter p = given.get(i);
            if (p.delivery() == Parameter.Delivery.SECRET) {
                throw new Refusal("a standard run cannot carry secret parameters");
            }
            if (i >= allowed.size()) {
                throw new Refusal(allowed.stream().anyMatch(a -> a.name().equals(p.name()))
                        ? "parameter " + p.name() + " is given twice"
                        : "parameter " + p.name() + " is not allowed by the standard change");
            }
            StandardChangeSpec.Allowed a = allowed.get(i);
            if (!a.name().equals(p.name())) {
                boolean known = allowed.stream().anyMatch(x -> x.name().equals(p.name()));
                throw new Refusal(known
                        ? "parameter " + p.name() + " is out of place: the standard change's parameters are " + names(allowed) + ", in this order, each once"
                        : "parameter " + p.name() + " is not allowed by the standard change");
            }
            if (a.delivery() != p.delivery() || !a.values().contains(p.value()) && !PatchInstall.admitsAnyPackageList(change, a, p.value())) {
                throw new Refusal("the value of parameter " + p.name() + " is not one the standard change allows");
            }
        }
        if (given.size() < allowed.size()) {
            throw new Refusal("parameter " + allowed.get(given.size()).name() + " is missing: the standard change's parameters are "
                    + names(allowed) + ", in this order, each once");
        }
    }

    private static String names(List<StandardChangeSpec.Allowed> allowed) {
        return String.join(", ", allowed.stream().map(StandardChangeSpec.Allowed::name).toList());
    }
}
