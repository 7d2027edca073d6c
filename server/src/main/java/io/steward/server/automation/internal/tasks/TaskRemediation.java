package io.steward.server.automation.internal.tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.task.TaskSpec;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.automation.Task;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

import io.steward.server.shared.TenantScope;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;

/**
 * A standard script run for an alert, started by Steward itself: on exactly the alert's device of the alert's client,
 * only under an active standard change that covers the version, the values and the client, signed by the signer under
 * that change. Its requester is the person who asked for the standard change; it acts in the one client's scope.
 */
@Component
public class TaskRemediation {
    /** How long a remediation order may wait for its device. */
    static final Duration VALID = Duration.ofHours(1);

    private final TaskPlanner planner;
    private final TaskRepository tasks;
    private final TaskSigning signing;
    private final ScriptCatalog catalog;
    private final SignerGateway signer;
    private final DeviceService devices;
    private final AuditLog audit;
    private final Clock clock;

    TaskRemediation(TaskPlanner planner, TaskRepository tasks, TaskSigning signing, ScriptCatalog catalog, SignerGateway signer,
                    DeviceService devices, AuditLog audit, Clock clock) {
        this.planner = planner;
        this.tasks = tasks;
        this.signing = signing;
        this.catalog = catalog;
        this.signer = signer;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    /** Runs in the caller's transaction and scope (which must cover {@code client}). */
    public Optional<Task> run(ClientId client, DeviceId device, UUID scriptVersionId, Map<String, String> values, UUID alertId) {
        return run(client, device, scriptVersionId, values, alertId, null);
    }

    /**
     * As {@link #run(ClientId, DeviceId, UUID, Map, UUID)}, tied to the alert's incident {@code ticketId} (of the same
     * client), so the run's result comes back to it as an internal note.
     */
    public Optional<Task> run(ClientId client, DeviceId device, UUID scriptVersionId, Map<String, String> values, UUID alertId, UUID ticketId) {
        DeviceProfile profile = devices.profile(device);
        if (profile == null || !profile.clientId().equals(client)) {
            // Never another client's device, whatever the alert says.
            return Optional.empty();
        }
        Instant preparedAt = planner.preparedNow();
        List<ScriptCatalog.StandardChange> changes = catalog.standardChanges(scriptVersionId);
        UUID taskId = UUID.randomUUID();
        for (ScriptCatalog.StandardChange change : changes) {
            if (!change.active()) {
                continue;
            }
            Instant notAfter = preparedAt.plus(VALID).isAfter(change.spec().notAfter()) ? change.spec().notAfter() : preparedAt.plus(VALID);
            if (!notAfter.isAfter(preparedAt)) {
                continue;
            }
            UUID requester = change.spec().requestedBy();
            Viewer steward = Viewer.stewardFor(client, new UserId(requester), "Steward (remediation)");
            TaskDraft draft = new TaskDraft(client, scriptVersionId, values, "DEVICES", List.of(device.value()), null, "now", null, notAfter, 1, 0,
                    ticketId, null);
            TaskPlanner.Plan plan = planner.plan(steward, draft, taskId, preparedAt, change.id(), requester);
            if (!StandardCoverage.covers(change.spec(), plan.spec(), clock.instant())) {
                continue;
            }
            TaskSpec spec = plan.spec();
            audit.record("task.remediation", "task", taskId.toString(), client, Map.of("script", spec.scriptName(), "device", device.toString(),
                    "alert", String.valueOf(alertId), "standardChange", change.id().toString()));
            signing.storeTask(plan, draft, "APPROVED", change.id(), alertId, "Steward (remediation)");
            try {
                signing.store(spec, signer.signStandardRun(spec));
            } catch (SignerGateway.Refused refused) {
                signing.refused(spec, refused.getMessage());
                tasks.decide(taskId, "CANCELLED", null, null, TaskSigning.limit("The signer refused: " + refused.getMessage()), clock.instant());
                return Optional.empty();
            }
            return tasks.find(TenantScope.of(Set.of(client)), taskId).map(TaskRepository.Stored::task);
        }
        return Optional.empty();
    }
}
