package io.steward.server.automation;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A device's run of a task reached its final state (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REFUSED, EXPIRED).
 * Published in the transaction that stored it; tickets and remediation react to it.
 *
 * @param exitCode   null when nothing ran
 * @param outputTail the last part of standard output (secrets masked), for a ticket note
 * @param alertId    the alert the task was started to remediate; null for a task people requested (so a listener that
 *                   cares only for remediation runs need not look the task up)
 */
public record TaskRunFinished(UUID taskId, ClientId clientId, DeviceId deviceId, String state, Integer exitCode, Long durationMs,
                              String reason, String outputTail, UUID alertId, Instant at) {
}
