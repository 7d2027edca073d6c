package io.steward.server.alerting;

import java.time.Instant;
import java.util.UUID;

/** One alert: open while the condition holds, resolved when the metric recovers; {@code suppressedBy} the maintenance window it started in;
 * {@code suppressedReason} MAINTENANCE, OFFLINE or SNOOZED when it paged nobody; {@code flapping} when it flipped too often and is held open;
 * {@code acknowledgedBy}/{@code acknowledgedAt} the staff member who took it on; {@code snoozedUntil} until when its repeats page nobody;
 * {@code grouped} when it was raised during an alert storm of its client and so belongs to the client's storm incident. */
public record Alert(UUID id, UUID deviceId, String hostname, String clientName, String policy, String severity, String metric, String instance,
                    String state, Instant openedAt, Instant resolvedAt, double lastValue, UUID ticketId, UUID suppressedBy,
                    UUID policyId, boolean flapping, String suppressedReason,
                    String acknowledgedBy, Instant acknowledgedAt, Instant snoozedUntil, boolean grouped) {
}
