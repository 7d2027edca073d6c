package io.steward.server.automation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A standard change as its requester fills it in for one script version. The same fields with the same {@code id}
 * make the same statement, so a page can show the statement's challenge, have it signed, and send the fields again
 * with the assertion.
 *
 * @param id                  the statement's id, from {@link StandardChanges#prepare}; null there
 * @param scopeClientId       the one client it may run on; null: every client the script may target
 * @param notAfter            when it ends (whole seconds)
 * @param maxTimeoutSeconds   the longest a run may take; null: the version's timeout
 * @param allowed             per parameter of the version, the only values it may take (every parameter listed)
 */
public record StandardChangeDraft(UUID id, UUID scopeClientId, Instant notAfter, Integer maxTimeoutSeconds, Map<String, List<String>> allowed) {
}
