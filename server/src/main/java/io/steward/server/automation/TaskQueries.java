package io.steward.server.automation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.automation.internal.tasks.LineDiff;
import io.steward.server.automation.internal.tasks.TaskRepository;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tasks as people read them: lists, the approver's queue (what runs, where, the script's diff since the version last
 * approved for a task, the device count), a task with each device's run, and a device's task history. Staff only, in
 * their scope; client users see no tasks. Output is shown to the staff who serve the task's client (the same people
 * who could have requested it), never to client users, whose portal shows no task.
 */
@Service
public class TaskQueries {
    private static final List<String> STATES = List.of("AWAITING_APPROVAL", "REJECTED", "APPROVED", "RUNNING", "DONE", "STOPPED", "CANCELLED",
            "EXPIRED");

    private final TaskRepository tasks;
    private final TaskService service;
    private final ScriptCatalog catalog;
    private final DeviceService devices;

    public TaskQueries(TaskRepository tasks, TaskService service, ScriptCatalog catalog, DeviceService devices) {
        this.tasks = tasks;
        this.service = service;
        this.catalog = catalog;
        this.devices = devices;
    }

    /** A task with its runs. */
    public record TaskDetail(Task task, List<TaskRun> runs) {
    }

    /**
     * A task waiting for approval as the approver sees it.
     *
     * @param challenge   the digest (base64url) the approver signs: the statement as it is stored now
     * @param statement   that statement, base64url, for the signer's signing page (null when it cannot be rebuilt)
     * @param scriptBody  the script version's body, which the signing page shows after checking it against the signed hash
     * @param digestIntact false when the stored task no longer matches what its requester signed (it cannot be approved)
     * @param diffFrom    the version number the diff starts from (null: no version of the script was approved for a task
     *                    before, and the diff shows the whole body as added)
     * @param diff        the script's lines, each prefixed "+ ", "- " or "  "
     */
    public record QueueEntry(Task task, String challenge, String statement, String scriptBody, boolean digestIntact, int versionNumber, Integer diffFrom, List<String> diff,
                             List<TaskRun> runs) {
        /** The script's body as the signing form hands it to the signer's page: base64url of its UTF-8, "" for none. */
        public String scriptForSigning() {
            return SigningPage.encoded(scriptBody);
        }

        /** The diff as one text, a line each. */
        public String diffText() {
            return String.join("\n", diff);
        }
    }

    /** Tasks in scope, newest first, optionally in one state and of one client. */
    @Transactional(readOnly = true)
    public List<Task> list(Viewer viewer, String state, ClientId client) {
        TaskService.requireStaff(viewer);
        String s = state == null || state.isBlank() ? null : state;
        if (s != null && !STATES.contains(s)) {
            throw new InvalidInputException("state", "state is one of " + String.join(", ", STATES) + ".");
        }
        return tasks.list(viewer.scope(), s, client, 200);
    }

    @Transactional(readOnly = true)
    public TaskDetail detail(Viewer viewer, UUID taskId) {
        Task t = service.get(viewer, taskId);
        return new TaskDetail(t, runs(viewer, t));
    }

    /** The tasks waiting for approval in scope, oldest first, each with what the approver needs to decide. */
    @Transactional(readOnly = true)
    public List<QueueEntry> queue(Viewer viewer) {
        TaskService.requireStaff(viewer);
        List<Task> waiting = new java.util.ArrayList<>(tasks.list(viewer.scope(), "AWAITING_APPROVAL", null, 200));
        java.util.Collections.reverse(waiting);
        return waiting.stream().map(t -> {
            try {
                return entry(viewer, t);
            } catch (io.steward.server.shared.ConflictException e) {
                // One task whose script version fails its integrity check must not hide the others from the approver.
                return new QueueEntry(t, null, null, null, false, 0, null, List.of("This task cannot be approved: " + e.getMessage()), runs(viewer, t));
            }
        }).toList();
    }

    /** One waiting task as the approver sees it before signing. */
    @Transactional(readOnly = true)
    public QueueEntry review(Viewer viewer, UUID taskId) {
        return entry(viewer, service.get(viewer, taskId));
    }

    private QueueEntry entry(Viewer viewer, Task t) {
        var spec = service.rebuild(t);
        boolean intact = java.util.HexFormat.of().formatHex(spec.digest()).equals(t.digest());
        ScriptCatalog.ScriptVersion now = catalog.version(t.scriptVersionId()).orElseThrow();
        Optional<ScriptCatalog.ScriptVersion> before = tasks.lastApprovedVersion(t.scriptVersionId()).flatMap(catalog::version);
        List<String> diff = LineDiff.diff(before.map(ScriptCatalog.ScriptVersion::body).orElse(""), now.body());
        return new QueueEntry(t, spec.challenge(), spec.statement(), now.body(), intact, now.number(), before.map(ScriptCatalog.ScriptVersion::number).orElse(null), diff,
                runs(viewer, t));
    }

    /** A device's runs, newest first (at most 100), each with its task. */
    @Transactional(readOnly = true)
    public List<DeviceTask> deviceHistory(Viewer viewer, DeviceId device) {
        Device d = devices.get(viewer, device);
        Map<UUID, Task> byId = new HashMap<>();
        return tasks.runsOfDevice(viewer.scope(), device, 100).stream().map(r -> {
            Task t = byId.computeIfAbsent(r.taskId(), id -> service.get(viewer, id));
            return new DeviceTask(t, toRun(viewer, r, d.hostname(), t.clientId()));
        }).toList();
    }

    /** One device's run with its task. */
    public record DeviceTask(Task task, TaskRun run) {
    }

    /** Whether the viewer may read task output: staff who serve the client (client users never see a task). */
    public static boolean mayReadOutput(Viewer viewer, ClientId client) {
        return viewer.isStaff() && viewer.scope().covers(client);
    }

    private List<TaskRun> runs(Viewer viewer, Task t) {
        Map<UUID, String> names = new HashMap<>();
        devices.everyDevice(viewer, t.clientId(), null).forEach(d -> names.put(d.id().value(), d.hostname()));
        return tasks.runs(t.id()).stream().map(r -> toRun(viewer, r, names.getOrDefault(r.deviceId(), "(removed)"), t.clientId())).toList();
    }

    private static TaskRun toRun(Viewer viewer, TaskRepository.RunRow r, String hostname, ClientId client) {
        boolean output = mayReadOutput(viewer, client);
        return new TaskRun(r.taskId(), new DeviceId(r.deviceId()), hostname, r.state(), r.queuedAt(), r.deliveredAt(), r.startedAt(), r.finishedAt(),
                r.exitCode(), r.durationMs(), output ? r.stdoutTail() : null, output ? r.stderrTail() : null, r.stdoutBytes(), r.stderrBytes(),
                output ? r.stdoutSha256() : null, r.reason(), r.signed());
    }

    /**
     * The script version a task of {@code client} runs, for modules that react to {@link TaskRunFinished} (added for issue
     * 18: patching reads install results only from runs of the built-in patch installer). Empty for no such task.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<UUID> scriptVersionOf(ClientId client, UUID taskId) {
        return tasks.find(io.steward.server.shared.TenantScope.of(client), taskId).map(s -> s.task().scriptVersionId());
    }
}
