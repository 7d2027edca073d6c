package io.steward.server.automation;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.DeviceId;

/**
 * One device's run of a task. The output fields are null for a viewer who may not see output (see
 * {@link TaskService#mayReadOutput}).
 *
 * @param state PENDING, QUEUED, DELIVERED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REFUSED or EXPIRED
 */
public record TaskRun(UUID taskId, DeviceId deviceId, String hostname, String state, Instant queuedAt, Instant deliveredAt,
                      Instant startedAt, Instant finishedAt, Integer exitCode, Long durationMs, String stdoutTail, String stderrTail,
                      Long stdoutBytes, Long stderrBytes, String stdoutSha256, String reason, boolean signed) {

    public boolean finished() {
        return java.util.List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "REFUSED", "EXPIRED").contains(state);
    }
}
