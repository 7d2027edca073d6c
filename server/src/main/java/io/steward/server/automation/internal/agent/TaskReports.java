package io.steward.server.automation.internal.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.steward.protocol.task.TaskMessages;
import io.steward.server.alerting.AutomationAlerting;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.TaskRunFinished;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What agents report about their runs: RUNNING when a run starts, then its final state with exit code, duration and
 * output (the tails the agent kept, full byte counts and SHA-256). A REFUSED report is a security event: it is
 * written to the audit log and raises a critical alert on the device. A run becoming final is announced
 * ({@link TaskRunFinished}); after too many failures the task stops, and when all its runs are final it is DONE.
 * Invariant: a device reports only its own runs (the run is looked up by the device the request was signed by).
 */
@Component
class TaskReports {
    private static final Set<String> FINAL_STATES = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "REFUSED");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Output tails are at most 1 MiB by the script's limit; a little room for the agent's UTF-8 decoding. */
    private static final int MAX_TAIL_CHARS = 1_200_000;

    private final TaskRunStore runs;
    private final TaskDispatch dispatch;
    private final DeviceService devices;
    private final AutomationAlerting alerting;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TaskReports(TaskRunStore runs, TaskDispatch dispatch, DeviceService devices, AutomationAlerting alerting, AuditLog audit,
                ApplicationEventPublisher events, Clock clock) {
        this.runs = runs;
        this.dispatch = dispatch;
        this.devices = devices;
        this.alerting = alerting;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void report(AgentDevice device, TaskMessages.Report r) {
        UUID taskId = check(r);
        devices.acceptSequence(device, "task-report");
        TaskRunStore.Run run = runs.lock(taskId, device.deviceId()).orElseThrow(() -> new NotFoundException("This device has no run of that task."));
        Instant now = clock.instant();
        String state = r.state();
        if ("REFUSED".equals(state)) {
            // A security event whatever the run's state: recorded before anything changes, and raised on the device.
            audit.record("task.refused_by_agent", "task", taskId.toString(), device.clientId(),
                    Map.of("device", device.deviceId().toString(), "reason", reason(r)));
            alerting.raiseRefusedTask(device.deviceId(), device.clientId(), taskId);
            if (!"DELIVERED".equals(run.state()) && !"RUNNING".equals(run.state())) {
                // Not a run in flight (the server never delivered it so, or it ended): recorded as the event it is, nothing else changes.
                return;
            }
        }
        if ("RUNNING".equals(state)) {
            if (!"DELIVERED".equals(run.state())) {
                throw new ConflictException("state", "The run is " + run.state() + "; only a delivered run can start.");
            }
            runs.started(taskId, device.deviceId(), now);
            return;
        }
        if (!"DELIVERED".equals(run.state()) && !"RUNNING".equals(run.state())) {
            throw new ConflictException("state", "The run is " + run.state() + " and takes no further report.");
        }
        TaskRunStore.Outcome outcome = new TaskRunStore.Outcome(state, reason(r), r.exitCode(), r.durationMs(), printable(r.stdoutTail()),
                printable(r.stderrTail()), r.stdoutBytes(), r.stderrBytes(), r.stdoutSha256(), r.stderrSha256());
        runs.finish(taskId, device.deviceId(), outcome, now);
        List<TaskRunStore.Finished> finished = new ArrayList<>();
        finished.add(new TaskRunStore.Finished(taskId, device.deviceId(), device.clientId(), state, r.exitCode(), r.durationMs(), outcome.reason(),
                outcome.stdoutTail(), run.alertId()));
        if (Set.of("FAILED", "TIMED_OUT", "REFUSED").contains(state) && run.stopAfterFailures() > 0
                && runs.failures(taskId) >= run.stopAfterFailures()) {
            finished.addAll(runs.stop(taskId, now));
        }
        dispatch.announce(finished, now);
    }

    /** The report's task id, once everything in it is within bounds; 400 with the field otherwise. */
    private static UUID check(TaskMessages.Report r) {
        UUID taskId;
        try {
            taskId = UUID.fromString(r.taskId() == null ? "" : r.taskId());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("taskId", "The task id is a UUID.");
        }
        if (r.state() == null || !("RUNNING".equals(r.state()) || FINAL_STATES.contains(r.state()))) {
            throw new InvalidInputException("state", "state is RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED or REFUSED.");
        }
        if (r.stdoutTail() != null && r.stdoutTail().length() > MAX_TAIL_CHARS) {
            throw new InvalidInputException("stdoutTail", "The output tail is longer than any script's limit.");
        }
        if (r.stderrTail() != null && r.stderrTail().length() > MAX_TAIL_CHARS) {
            throw new InvalidInputException("stderrTail", "The output tail is longer than any script's limit.");
        }
        if (r.stdoutBytes() < 0 || r.stderrBytes() < 0 || r.durationMs() != null && r.durationMs() < 0) {
            throw new InvalidInputException("stdoutBytes", "Byte counts and durations are not negative.");
        }
        if (r.stdoutSha256() != null && !SHA256.matcher(r.stdoutSha256()).matches()) {
            throw new InvalidInputException("stdoutSha256", "A SHA-256 is 64 lower-case hex digits.");
        }
        if (r.stderrSha256() != null && !SHA256.matcher(r.stderrSha256()).matches()) {
            throw new InvalidInputException("stderrSha256", "A SHA-256 is 64 lower-case hex digits.");
        }
        return taskId;
    }

    /**
     * A script's output as it can be stored: PostgreSQL text holds no NUL, and a script may well print one, so NULs
     * become U+FFFD rather than the report being refused (a refused final report would leave the run RUNNING for good).
     * The SHA-256s still cover the raw output.
     */
    private static String printable(String tail) {
        return tail == null ? null : tail.replace('\0', '\uFFFD');
    }

    private static String reason(TaskMessages.Report r) {
        if (r.reason() == null) {
            return null;
        }
        String one = r.reason().replaceAll("\\p{Cntrl}", " ").strip();
        return one.length() > 1000 ? one.substring(0, 1000) : one;
    }
}
