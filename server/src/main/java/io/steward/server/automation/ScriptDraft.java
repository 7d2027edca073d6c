package io.steward.server.automation;

import java.util.List;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.server.automation.ScriptCatalog.ParameterDefinition;
import io.steward.server.automation.ScriptCatalog.ParameterType;

/**
 * A script as its author writes it: the script's own fields and the content of a new version. Saving a script whose
 * version content (body, parameters, timeout, output limit, run-as) equals its newest version's changes only the
 * script's fields and makes no version. The interpreter is chosen once, when the script is made: it is part of what
 * every version means.
 *
 * @param interpreter      bash, sh, powershell or python
 * @param operatingSystems any of windows, linux, macos
 * @param clientIds        the only clients whose devices it may run on; null or empty: every client
 * @param runAs            the user it runs as on the device; empty: the agent's own
 * @param note             what changed, shown in the version list
 */
public record ScriptDraft(String name, String description, String category, String interpreter, List<String> operatingSystems,
                          List<UUID> clientIds, String body, List<ParameterDraft> parameters, Integer timeoutSeconds,
                          Integer outputLimitBytes, String runAs, String note) {

    /**
     * One parameter as its author writes it (see {@link ParameterDefinition}); {@code required} may be left out (false).
     */
    public record ParameterDraft(String name, String label, ParameterType type, Parameter.Delivery delivery, Boolean required,
                                 String defaultValue, String pattern, Long min, Long max, List<String> choices) {
        public ParameterDefinition definition() {
            return new ParameterDefinition(name, label, type, delivery, Boolean.TRUE.equals(required), defaultValue, pattern, min, max, choices);
        }
    }
}
