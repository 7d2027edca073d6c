package io.steward.server.automation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A script of the MSP's library, with its newest version.
 *
 * @param clientIds the only clients whose devices it may run on; empty: every client
 * @param latest    the newest version (body, parameters, limits)
 */
public record Script(UUID id, String name, String description, String category, String interpreter, List<String> operatingSystems,
                     List<UUID> clientIds, boolean archived, Instant createdAt, String createdBy, ScriptCatalog.ScriptVersion latest) {

    /**
     * One version as the version list shows it.
     *
     * @param author the display name of whoever saved it (null when the user is gone)
     */
    public record VersionEntry(UUID id, int number, String sha256, String author, Instant createdAt, String note) {
    }
}
