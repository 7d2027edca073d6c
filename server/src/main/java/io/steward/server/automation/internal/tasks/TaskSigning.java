package io.steward.server.automation.internal.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.TaskApproved;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Stores what the signer signed: one order per device of the task, exactly those devices, for exactly the statement
 * people approved; the runs wait QUEUED for delivery and the agents hear of it ({@link TaskApproved}). The server only
 * keeps and forwards the orders: it cannot make or change one.
 */
@Component
public class TaskSigning {
    private final TaskRepository tasks;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final io.steward.server.platform.SecretBox secrets;

    TaskSigning(TaskRepository tasks, ApplicationEventPublisher events, AuditLog audit, Clock clock, io.steward.server.platform.SecretBox secrets) {
        this.tasks = tasks;
        this.secrets = secrets;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores a planned task, its PENDING runs and its secret values sealed (never in the clear, never in the task row). */
    public void storeTask(TaskPlanner.Plan plan, io.steward.server.automation.TaskDraft draft, String state, UUID standardChangeId, UUID alertId,
                          String requestedByName) {
        TaskSpec s = plan.spec();
        ClientId client = new ClientId(s.clientId());
        tasks.insert(new TaskRepository.NewTask(s.taskId(), client, plan.version().id(), s.scriptName(), standardChangeId, s.parameters(),
                plan.targetKind(), plan.targetId(), s.schedule(), s.notBefore(), s.notAfter(), s.maxConcurrent(), s.stopAfterFailures(), state,
                s.canonical(), s.digest(), s.requestedBy(), requestedByName, draft.ticketId(), draft.changeTicketId(), alertId, clock.instant()));
        for (UUID device : s.deviceIds()) {
            tasks.insertRun(s.taskId(), client, device);
        }
        plan.secretValues().forEach((name, value) -> tasks.insertSecret(s.taskId(), client, name, secrets.seal(value)));
    }

    /** Keeps the signer's orders for {@code spec}; refuses an answer that is not for exactly this task and its devices. */
    public void store(TaskSpec spec, SignerMessages.Signed signed) {
        String digest = HexFormat.of().formatHex(spec.digest());
        if (signed == null || signed.orders() == null || !digest.equals(signed.taskDigest())) {
            throw new SignerGateway.Unavailable("The signer answered for another task.", null);
        }
        Set<UUID> expected = new HashSet<>(spec.deviceIds());
        Set<UUID> got = new HashSet<>();
        signed.orders().forEach(o -> got.add(o.deviceId()));
        if (!expected.equals(got) || got.size() != signed.orders().size()) {
            throw new SignerGateway.Unavailable("The signer's orders do not match the task's devices.", null);
        }
        Instant now = clock.instant();
        tasks.storeOrders(spec.taskId(), signed.orders().stream()
                .map(o -> new TaskRepository.Order(o.deviceId(), o.order().order(), o.order().signature())).toList(), now);
        events.publishEvent(new TaskApproved(spec.taskId(), new ClientId(spec.clientId()), spec.deviceIds().stream().map(DeviceId::new).toList()));
    }

    /** Records the signer's refusal in the audit log and on the task; nothing is queued. */
    public void refused(TaskSpec spec, String reason) {
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        audit.record("task.signer_refused", "task", spec.taskId().toString(), new ClientId(spec.clientId()),
                Map.of("script", spec.scriptName(), "digest", HexFormat.of().formatHex(spec.digest()), "reason", why));
        tasks.setReason(spec.taskId(), limit("The signer refused: " + why));
    }

    static String limit(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
