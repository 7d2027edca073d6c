package io.steward.server.automation;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.automation.internal.tasks.StandardCoverage;
import io.steward.server.automation.internal.tasks.TaskPlanner;
import io.steward.server.automation.internal.tasks.TaskRemediation;
import io.steward.server.automation.internal.tasks.TaskRepository;
import io.steward.server.automation.internal.tasks.TaskSigning;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.identity.UserDirectory;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tasks and the two-person rule: a technician who serves the client requests a task by signing its whole statement
 * ({@link TaskSpec#digest()}) with their passkey; another person (service manager or admin) approves it by signing the
 * same digest with theirs; the signer, which checks both against its own keyring, signs one order per device, or
 * refuses. A task covered by an active standard change runs without a fresh approval. Decisions, cancellations and
 * the signer's refusals are audited.
 */
@Service
public class TaskService {
    /** Who may request a task (staff with two-factor authentication; technicians only for clients they serve). */
    public static final Permission REQUEST = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
    /** Who may approve or reject another person's task. */
    public static final Permission APPROVE = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);

    private final TaskPlanner planner;
    private final TaskRepository tasks;
    private final TaskSigning signing;
    private final ScriptCatalog catalog;
    private final PasskeyDirectory passkeys;
    private final SignerGateway signer;
    private final UserDirectory users;
    private final TicketService tickets;
    private final TaskRemediation remediation;
    private final AuditLog audit;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final SigningPage signingPage;
    private final Clock clock;

    public TaskService(TaskPlanner planner, TaskRepository tasks, TaskSigning signing, ScriptCatalog catalog, PasskeyDirectory passkeys,
                       SignerGateway signer, SigningPage signingPage, UserDirectory users, TicketService tickets, TaskRemediation remediation, AuditLog audit,
                       org.springframework.context.ApplicationEventPublisher events, Clock clock) {
        this.planner = planner;
        this.tasks = tasks;
        this.signing = signing;
        this.catalog = catalog;
        this.passkeys = passkeys;
        this.signer = signer;
        this.signingPage = signingPage;
        this.users = users;
        this.tickets = tickets;
        this.remediation = remediation;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** What an approval came to: the task, and the signer's refusal when it refused (then nothing was queued). */
    public record ApprovalOutcome(Task task, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * Resolves a draft into the statement the requester is asked to sign, with a fresh task id; nothing is stored.
     * The same draft with the returned {@code taskId} and {@code preparedAt} must come back with the signed request.
     */
    @Transactional(readOnly = true)
    public TaskProposal propose(Viewer viewer, TaskDraft draft) {
        requireRequester(viewer);
        requireTickets(viewer, draft);
        Instant preparedAt = planner.preparedNow();
        return planner.plan(viewer, draft, UUID.randomUUID(), preparedAt, null, viewer.userId().value()).proposal(preparedAt);
    }

    /**
     * Stores a task its requester signed: the assertion must be theirs, over the digest of exactly the statement the
     * draft resolves to now. The task then waits for another person's approval; its runs wait PENDING.
     */
    @Transactional
    public Task request(Viewer viewer, TaskDraft draft, UUID taskId, Instant preparedAt, PasskeyAssertion assertion) {
        requireRequester(viewer);
        if (taskId == null || preparedAt == null) {
            throw new InvalidInputException("taskId", "Review the task first: its id and preparation time come from the review.");
        }
        if (assertion == null) {
            throw new InvalidInputException("assertion", "Sign the task with your passkey.");
        }
        if (tasks.find(viewer.scope(), taskId).isPresent()) {
            throw new ConflictException("taskId", "This task was requested already.");
        }
        requireTickets(viewer, draft);
        TaskPlanner.Plan plan = planner.plan(viewer, draft, taskId, preparedAt, null, viewer.userId().value());
        // The server's early check; the signer checks again against its own keyring.
        passkeys.verifyStatementSignature(viewer.userId(), plan.spec().digest(), assertion, signingPage.origin());
        audit.record("task.requested", "task", taskId.toString(), draft.clientId(), Map.of("script", plan.spec().scriptName(),
                "version", plan.version().number(), "devices", plan.devices().size(), "digest", hex(plan.spec().digest())));
        signing.storeTask(plan, draft, "AWAITING_APPROVAL", null, null, viewer.displayName());
        tasks.insertAssertion(taskId, draft.clientId(), "REQUEST", viewer.userId().value(), assertion, clock.instant());
        return get(viewer, taskId);
    }

    /**
     * Runs a draft under an active standard change that covers its version, values and client: the signer signs it
     * at once, without a fresh approval, or refuses (then nothing is queued and the refusal is audited).
     */
    @Transactional
    public ApprovalOutcome runStandard(Viewer viewer, TaskDraft draft) {
        requireRequester(viewer);
        requireTickets(viewer, draft);
        UUID taskId = UUID.randomUUID();
        Instant preparedAt = planner.preparedNow();
        TaskPlanner.Plan probe = planner.plan(viewer, draft, taskId, preparedAt, null, viewer.userId().value());
        ScriptCatalog.StandardChange change = StandardCoverage.find(catalog.standardChanges(probe.version().id()), probe.spec(), clock.instant())
                .orElseThrow(() -> new ForbiddenException("No active standard change covers this script version with these values on this "
                        + "client; request an approval instead."));
        TaskPlanner.Plan plan = planner.plan(viewer, draft, taskId, preparedAt, change.id(), viewer.userId().value());
        audit.record("task.standard_run", "task", taskId.toString(), draft.clientId(), Map.of("script", plan.spec().scriptName(),
                "standardChange", change.id().toString(), "devices", plan.devices().size(), "digest", hex(plan.spec().digest())));
        signing.storeTask(plan, draft, "APPROVED", change.id(), null, viewer.displayName());
        try {
            signing.store(plan.spec(), signer.signStandardRun(plan.spec()));
        } catch (SignerGateway.Refused refused) {
            signing.refused(plan.spec(), refused.getMessage());
            tasks.decide(taskId, "CANCELLED", null, null, limit("The signer refused: " + refused.getMessage()), clock.instant());
            return new ApprovalOutcome(get(viewer, taskId), refused.getMessage() == null ? "no reason given" : refused.getMessage());
        }
        return new ApprovalOutcome(get(viewer, taskId), null);
    }

    /**
     * For remediation: runs a standard change's version once on exactly one device of {@code client} for an alert,
     * system-initiated (the caller's scope must cover the client). Empty when no active standard change covers it or
     * the signer refused (audited).
     */
    @Transactional
    public java.util.Optional<Task> remediate(io.steward.server.shared.ClientId client, io.steward.server.shared.DeviceId device,
                                              UUID scriptVersionId, Map<String, String> values, UUID alertId) {
        return remediation.run(client, device, scriptVersionId, values, alertId);
    }

    /**
     * As {@link #remediate(io.steward.server.shared.ClientId, io.steward.server.shared.DeviceId, UUID, Map, UUID)}, with
     * the alert's incident as the task's ticket (it must be the client's), so the run and its output are noted on it.
     */
    @Transactional
    public java.util.Optional<Task> remediate(io.steward.server.shared.ClientId client, io.steward.server.shared.DeviceId device,
                                              UUID scriptVersionId, Map<String, String> values, UUID alertId, UUID incidentId) {
        return remediation.run(client, device, scriptVersionId, values, alertId, incidentId);
    }

    /**
     * Approves another person's task with the approver's passkey over the same digest, and has the signer sign it.
     * The requester's own approval never counts, whatever passkey; a task changed since it was requested cannot be
     * approved. The signer's refusal is kept and audited, and nothing is queued.
     */
    @Transactional
    public ApprovalOutcome approve(Viewer viewer, UUID taskId, PasskeyAssertion assertion) {
        requireApprover(viewer);
        TaskRepository.Stored stored = tasks.lock(viewer.scope(), taskId).orElseThrow(() -> new NotFoundException("No such task."));
        Task t = stored.task();
        requireAwaiting(t);
        if (t.requestedBy().equals(viewer.userId().value())) {
            throw new ForbiddenException("The requester's own approval never counts: another person must approve this task.");
        }
        if (!clock.instant().isBefore(t.notAfter())) {
            throw new ConflictException("The task expired before it was approved.");
        }
        if (assertion == null) {
            throw new InvalidInputException("assertion", "Sign the task with your passkey.");
        }
        TaskSpec spec = rebuild(t);
        if (!Arrays.equals(spec.digest(), stored.digest())) {
            throw new ConflictException("digest", "This task changed after it was requested, so its signatures no longer cover it; it cannot "
                    + "be approved. Reject it and request it again.");
        }
        PasskeyAssertion request = tasks.assertion(taskId, "REQUEST")
                .orElseThrow(() -> new ConflictException("digest", "This task carries no requester's signature; it cannot be approved."));
        PasskeyDirectory.Passkey used = passkeys.verifyStatementSignature(viewer.userId(), spec.digest(), assertion, signingPage.origin());
        if (used.userId().value().equals(t.requestedBy())) {
            throw new ForbiddenException("The requester's own approval never counts: another person must approve this task.");
        }
        audit.record("task.approved", "task", taskId.toString(), t.clientId(), Map.of("script", t.scriptName(), "digest", t.digest(),
                "devices", t.deviceCount()));
        SignerMessages.Signed signed;
        try {
            signed = signer.signTask(spec, List.of(request, assertion));
        } catch (SignerGateway.Refused refused) {
            signing.refused(spec, refused.getMessage());
            return new ApprovalOutcome(get(viewer, taskId), refused.getMessage() == null ? "no reason given" : refused.getMessage());
        }
        tasks.insertAssertion(taskId, t.clientId(), "APPROVE", viewer.userId().value(), assertion, clock.instant());
        tasks.decide(taskId, "APPROVED", viewer.userId().value(), viewer.displayName(), null, clock.instant());
        signing.store(spec, signed);
        return new ApprovalOutcome(get(viewer, taskId), null);
    }

    /** Rejects another person's task with a reason; nothing runs. */
    @Transactional
    public Task reject(Viewer viewer, UUID taskId, String reason) {
        requireApprover(viewer);
        Task t = tasks.lock(viewer.scope(), taskId).orElseThrow(() -> new NotFoundException("No such task.")).task();
        requireAwaiting(t);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            throw new InvalidInputException("reason", "Say why (at most 1000 characters).");
        }
        audit.record("task.rejected", "task", taskId.toString(), t.clientId(), Map.of("script", t.scriptName(), "reason", why));
        tasks.decide(taskId, "REJECTED", viewer.userId().value(), viewer.displayName(), why, clock.instant());
        tasks.deleteSecrets(taskId);
        return get(viewer, taskId);
    }

    /**
     * Cancels a task (its requester, a service manager or an admin): runs not yet delivered end CANCELLED, and the
     * agents are told to stop the ones they hold ({@link TaskCancelled}).
     */
    @Transactional
    public Task cancel(Viewer viewer, UUID taskId, String reason) {
        REQUEST.require(viewer);
        Task t = tasks.lock(viewer.scope(), taskId).orElseThrow(() -> new NotFoundException("No such task.")).task();
        if (!t.requestedBy().equals(viewer.userId().value()) && !APPROVE.allows(viewer)) {
            throw new ForbiddenException("Only its requester, a service manager or an admin may cancel a task.");
        }
        if (!t.cancellable()) {
            throw new ConflictException("This task is " + t.state().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "; it can no longer be cancelled.");
        }
        String why = reason == null || reason.isBlank() ? "Cancelled by " + viewer.displayName() + "." : limit(reason.strip());
        audit.record("task.cancelled", "task", taskId.toString(), t.clientId(), Map.of("script", t.scriptName(), "state", t.state(), "reason", why));
        tasks.cancel(taskId, why, clock.instant());
        tasks.deleteSecrets(taskId);
        events.publishEvent(new TaskCancelled(taskId, t.clientId(), tasks.deviceIds(taskId).stream().map(io.steward.server.shared.DeviceId::new).toList()));
        return get(viewer, taskId);
    }

    /** The statement as the stored task says it now; its digest differs from the signed one if anything was changed. */
    public TaskSpec rebuild(Task t) {
        ScriptCatalog.ScriptVersion v = catalog.version(t.scriptVersionId())
                .orElseThrow(() -> new ConflictException("The task's script version no longer exists."));
        return new TaskSpec(t.id(), t.clientId().value(), t.requestedBy(), t.scriptName(), v.sha256(), v.interpreter(), v.runAs(),
                v.timeoutSeconds(), v.outputLimitBytes(), t.parameters(), tasks.deviceIds(t.id()), t.schedule(), t.notBefore(), t.notAfter(),
                t.maxConcurrent(), t.stopAfterFailures(), t.standardChangeId());
    }

    /** One task in the viewer's scope (staff only). */
    @Transactional(readOnly = true)
    public Task get(Viewer viewer, UUID taskId) {
        requireStaff(viewer);
        return tasks.find(viewer.scope(), taskId).map(TaskRepository.Stored::task).orElseThrow(() -> new NotFoundException("No such task."));
    }

    /** The tickets named must be the viewer's and the task's client's; a change ticket must be a change. */
    private void requireTickets(Viewer viewer, TaskDraft draft) {
        for (UUID id : java.util.Arrays.asList(draft.ticketId(), draft.changeTicketId())) {
            if (id == null) {
                continue;
            }
            String field = id.equals(draft.ticketId()) ? "ticketId" : "changeTicketId";
            io.steward.server.servicedesk.TicketView ticket;
            try {
                ticket = tickets.get(viewer, new TicketId(id));
            } catch (NotFoundException e) {
                throw new InvalidInputException(field, "No such ticket.");
            }
            if (!ticket.clientId().equals(draft.clientId())) {
                throw new InvalidInputException(field, "The ticket belongs to another client.");
            }
            if ("changeTicketId".equals(field) && ticket.type() != io.steward.server.servicedesk.TicketType.CHANGE) {
                throw new InvalidInputException(field, "This ticket is not a change.");
            }
        }
    }

    private void requireRequester(Viewer viewer) {
        requireStaff(viewer);
        REQUEST.require(viewer);
        requireMfa(viewer);
    }

    private void requireApprover(Viewer viewer) {
        requireStaff(viewer);
        if (!APPROVE.allows(viewer)) {
            throw new ForbiddenException("Only a service manager or an admin may approve or reject a task.");
        }
        requireMfa(viewer);
    }

    private void requireMfa(Viewer viewer) {
        if (!users.mfaEnabled(viewer)) {
            throw new ForbiddenException("Running scripts needs two-factor authentication: turn it on on your account page first.");
        }
    }

    private static void requireAwaiting(Task t) {
        if (!t.awaitingApproval()) {
            throw new ConflictException("This task is " + t.state().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "; it no longer waits for a decision.");
        }
    }

    static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }

    private static String limit(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
