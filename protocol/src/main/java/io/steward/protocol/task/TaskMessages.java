package io.steward.protocol.task;

import java.util.List;
import java.util.Map;

/**
 * The agent's side of tasks in protocol v1, signed with the device key like every agent request.
 */
public final class TaskMessages {
    /** Long-poll for orders: the server answers as soon as something is there, or after {@code waitSeconds} with nothing. */
    public static final String POLL_PATH = io.steward.protocol.AgentProtocol.PATH_PREFIX + "/tasks/poll";
    /** A run's progress and result. */
    public static final String REPORT_PATH = io.steward.protocol.AgentProtocol.PATH_PREFIX + "/tasks/report";

    private TaskMessages() {
    }

    /** @param running ids of the tasks the agent has queued or running, so the server can tell it which to cancel */
    public record Poll(long seq, int waitSeconds, List<String> running) {
    }

    /**
     * @param tasks     orders to run, with the script bodies and secret values they need
     * @param cancel    task ids whose runs the agent must stop (queued or running)
     * @param rotations signer key rotations, oldest first; the agent applies those that continue from its pinned key
     */
    public record PollResponse(long serverTime, List<Delivery> tasks, List<String> cancel, List<KeyRotation> rotations) {
    }

    /**
     * @param script  the script body; the agent runs it only if its SHA-256 is the order's
     * @param secrets secret parameter values by name; each must match the hash in the order
     */
    public record Delivery(SignedOrder order, String script, Map<String, String> secrets) {
    }

    /**
     * One step of a run: {@code RUNNING}, then one of {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT},
     * {@code CANCELLED}, or {@code REFUSED} (nothing ran; {@code reason} says why).
     *
     * @param stdoutTail  the last bytes of standard output up to the order's limit (UTF-8, lossy)
     * @param stdoutBytes how many bytes the script wrote in all
     * @param stdoutSha256 SHA-256 (hex) of all of standard output, not only the tail
     */
    public record Report(long seq, String taskId, String state, String reason, Integer exitCode, Long durationMs,
                         String stdoutTail, String stderrTail, long stdoutBytes, long stderrBytes, String stdoutSha256,
                         String stderrSha256, long at) {
    }
}
