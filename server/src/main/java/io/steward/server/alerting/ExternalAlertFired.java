package io.steward.server.alerting;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * Another monitor reported a new problem: an external alert opened. Published in the receiving transaction, so its
 * incident commits with it.
 *
 * @param deviceId         the client's device it matched, or null (the incident is the client's)
 * @param impact           HIGH, MEDIUM or LOW, from the severity and the device's criticality
 * @param urgency          HIGH, MEDIUM or LOW
 * @param startsAt         when it started at the source
 * @param previousTicketId the incident of the same source and fingerprint that resolved within the re-fire window, to reuse; or null
 */
public record ExternalAlertFired(UUID alertId, ClientId clientId, DeviceId deviceId, String hostname, String sourceName, String title,
                                 String description, String severity, String impact, String urgency, Instant startsAt, UUID previousTicketId) {
}
