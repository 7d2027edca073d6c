package io.steward.server.automation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.shared.ClientId;

/**
 * The script library as tasks need it: immutable script versions, their typed parameters, the checking of a
 * task's parameter values against them, and the standard changes adopted for a version.
 */
public interface ScriptCatalog {

    /** A version of a script, never changed after it was made; {@code sha256} is the hex SHA-256 of the body's UTF-8. */
    record ScriptVersion(UUID id, UUID scriptId, String scriptName, int number, String sha256, String body, String interpreter,
                         List<ParameterDefinition> parameters, int timeoutSeconds, int outputLimitBytes, String runAs,
                         List<ClientId> clientRestriction, Instant createdAt) {
        /** Whether the script may target this client's devices (no restriction: every client). */
        public boolean allows(ClientId client) {
            return clientRestriction == null || clientRestriction.contains(client);
        }
    }

    /** The kinds of parameter values. SECRET values are sealed at rest, never shown again and masked in output. */
    enum ParameterType { STRING, INTEGER, BOOLEAN, CHOICE, SECRET }

    /**
     * One typed parameter of a script version.
     *
     * @param pattern  for STRING, the regular expression the whole value must match (null: any single line)
     * @param min      for INTEGER, the smallest value (null: none)
     * @param max      for INTEGER, the largest value (null: none)
     * @param choices  for CHOICE, the values allowed
     * @param delivery how the value reaches the script (a SECRET is always {@link Parameter.Delivery#SECRET})
     */
    record ParameterDefinition(String name, String label, ParameterType type, Parameter.Delivery delivery, boolean required,
                               String defaultValue, String pattern, Long min, Long max, List<String> choices) {
    }

    /**
     * A task's parameters after checking: what is signed (secrets as their hashes), in the version's declared order,
     * and the secret values themselves, which are sealed and delivered beside the order.
     */
    record ResolvedParameters(List<Parameter> signed, Map<String, String> secretValues) {
    }

    /** A standard change of a version: the statement two people signed and whether the signer holds it. */
    record StandardChange(UUID id, UUID scriptVersionId, StandardChangeSpec spec, String state) {
        public boolean active() {
            return "ACTIVE".equals(state);
        }
    }

    Optional<ScriptVersion> version(UUID versionId);

    /** The newest version of a script. */
    Optional<ScriptVersion> latest(UUID scriptId);

    /**
     * Checks values (by parameter name; absent ones take their defaults) against the version's definitions and
     * returns them as they are signed. Throws {@link io.steward.server.shared.InvalidInputException} with one field
     * error per bad value (field {@code parameters.<name>}); unknown names are errors too.
     */
    ResolvedParameters resolve(ScriptVersion version, UUID taskId, Map<String, String> values);

    /** The version's standard changes, newest first. */
    List<StandardChange> standardChanges(UUID versionId);

    /**
     * An active standard change of the version that covers the client at {@code now} (its client scope and expiry),
     * for Steward to run the version under in its requester's name; the signer still checks every value.
     */
    default Optional<StandardChange> coveringClient(UUID versionId, ClientId client, Instant now) {
        return standardChanges(versionId).stream().filter(StandardChange::active)
                .filter(c -> c.spec().scopeClientId() == null || c.spec().scopeClientId().equals(client.value()))
                .filter(c -> now.isBefore(c.spec().notAfter())).findFirst();
    }
}
