package io.steward.server.automation.internal.tasks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.automation.ScriptCatalog;

/**
 * Whether a standard change covers a task: active, not expired (nor would the task outlive it), for this script's hash
 * and how it runs, on this client (or every client), exactly its parameters in its order with allowed values and no secret. The server asks
 * this only to choose the change and to say no early; the signer decides with the changes it holds itself.
 */
public final class StandardCoverage {
    private StandardCoverage() {
    }

    /** The first active change (newest first, as the catalog lists them) that covers {@code task} at {@code now}. */
    public static Optional<ScriptCatalog.StandardChange> find(List<ScriptCatalog.StandardChange> changes, TaskSpec task, Instant now) {
        return changes.stream().filter(c -> c.active() && covers(c.spec(), task, now)).findFirst();
    }

    public static boolean covers(StandardChangeSpec c, TaskSpec t, Instant now) {
        if (!now.isBefore(c.notAfter()) || t.notAfter().isAfter(c.notAfter())) {
            return false;
        }
        if (!c.scriptSha256().equals(t.scriptSha256()) || !c.interpreter().equals(t.interpreter()) || !c.runAs().equals(t.runAs())
                || t.timeoutSeconds() > c.maxTimeoutSeconds() || t.outputLimitBytes() > c.outputLimitBytes()) {
            return false;
        }
        if (c.scopeClientId() != null && !c.scopeClientId().equals(t.clientId())) {
            return false;
        }
        // As the signer decides: exactly the change's parameters, in its order, each once (arguments are positional).
        if (t.parameters().size() != c.allowed().size()) {
            return false;
        }
        for (int i = 0; i < t.parameters().size(); i++) {
            Parameter p = t.parameters().get(i);
            StandardChangeSpec.Allowed a = c.allowed().get(i);
            if (p.delivery() == Parameter.Delivery.SECRET || !a.name().equals(p.name()) || a.delivery() != p.delivery()
                    || !a.values().contains(p.value()) && !io.steward.protocol.patch.PatchInstall.admitsAnyPackageList(c, a, p.value())) {
                return false;
            }
        }
        return true;
    }
}
