package io.steward.server.devices;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An agent version uploaded with its signed manifest, and its rollout.
 *
 * @param id               the release's id
 * @param version          the agent version (what the jar's manifest and the signed manifest say)
 * @param sha256           SHA-256 of the jar, hex
 * @param sizeBytes        the jar's size
 * @param uploadedBy       who uploaded it
 * @param uploadedAt       when
 * @param rolloutStartedAt from when the pilot groups' devices are offered it; null before the rollout
 * @param pilotGroupIds    the pilot ring: device groups (of any client) offered it first
 * @param generalAt        from when every device is offered it; null before the rollout
 * @param devicesOnVersion devices (not retired, every client) that last said they run this version
 * @param stopPercent      the share of devices offered it that rolled it back beyond which the rollout stops
 * @param stoppedAt        when the rollout stopped; null while it goes on (or before it started)
 * @param stoppedReason    why, for people
 * @param devicesOffered   devices it was offered to
 * @param devicesRolledBack of those, devices that installed it and rolled it back
 */
public record AgentRelease(UUID id, String version, String sha256, long sizeBytes, String uploadedBy, Instant uploadedAt,
                           Instant rolloutStartedAt, List<UUID> pilotGroupIds, Instant generalAt, long devicesOnVersion, int stopPercent,
                           Instant stoppedAt, String stoppedReason, long devicesOffered, long devicesRolledBack) {
}
