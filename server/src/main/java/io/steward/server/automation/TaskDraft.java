package io.steward.server.automation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A task as someone fills it in, before it is resolved into what is signed.
 *
 * @param parameters        values by parameter name; absent ones take their defaults
 * @param targetKind        DEVICES (with {@code deviceIds}), GROUP or SITE (with {@code targetId}) or CLIENT (every approved
 *                          device of the client)
 * @param schedule          {@code now}, {@code at} (from {@code startAt}) or {@code window} (in each device's maintenance
 *                          window before the expiry)
 * @param expiresAt         nothing starts after it; at most {@code steward.automation.tasks.max-expiry-hours} ahead
 * @param maxConcurrent     at most this many devices at once (default 10)
 * @param stopAfterFailures stop delivering after this many failed runs (0: never stop; the default)
 * @param ticketId          the ticket it is raised from (its results come back there as internal notes)
 * @param changeTicketId    the change ticket it is tied to
 */
public record TaskDraft(ClientId clientId, UUID scriptVersionId, Map<String, String> parameters, String targetKind, List<UUID> deviceIds,
                        UUID targetId, String schedule, Instant startAt, Instant expiresAt, Integer maxConcurrent, Integer stopAfterFailures,
                        UUID ticketId, UUID changeTicketId) {

    public TaskDraft {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        deviceIds = deviceIds == null ? List.of() : List.copyOf(deviceIds);
    }
}
