package io.steward.server.automation.internal.remediation;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.steward.server.alerting.Alert;
import io.steward.server.alerting.AlertCleared;
import io.steward.server.alerting.AlertRaised;
import io.steward.server.alerting.AlertService;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.RemediationRule;
import io.steward.server.automation.Task;
import io.steward.server.automation.TaskQueries;
import io.steward.server.automation.TaskRunFinished;
import io.steward.server.automation.TaskService;
import io.steward.server.servicedesk.IncidentRemediation;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.NotFoundException;

import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;

import io.steward.server.shared.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the rule's standard script when an alert fires, on exactly the alert's device of the alert's client, at most the
 * rule's attempts per alert, with the alert's incident as the task's ticket (so each run is noted there). When the
 * alert clears after a run succeeded (whichever of the two is heard first), the incident is handed to servicedesk to be
 * marked remediated automatically.
 *
 * <p>Listeners run after the event's transaction committed (the incident exists then, the run's result is stored),
 * each in its own transaction in the one client's scope. They are not durable (the server may stop before they run,
 * and a failure rolls their work back), so {@link RemediationSweep} does the same for what they missed. The
 * remediation_alert row makes both idempotent: an alert starts remediation once (its primary key), the row is locked
 * while an attempt or the recovery is decided, and a finished run is acted on once (settled_task).
 */
@Component
class AlertRemediations {
    /** Reads alerts on the system's behalf; it carries no person's rights beyond reading the one client's alert. */
    private static final Logger LOG = LoggerFactory.getLogger(AlertRemediations.class);

    private final RemediationRepository repository;
    private final RulePolicies rulePolicies;
    private final AlertService alerts;
    private final TaskService tasks;
    private final TaskQueries queries;
    private final TicketService tickets;
    private final IncidentRemediation incidents;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    AlertRemediations(RemediationRepository repository, RulePolicies rulePolicies, AlertService alerts, TaskService tasks, TaskQueries queries,
                      TicketService tickets, IncidentRemediation incidents,
                      AuditLog audit, PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.rulePolicies = rulePolicies;
        this.alerts = alerts;
        this.tasks = tasks;
        this.queries = queries;
        this.tickets = tickets;
        this.incidents = incidents;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void raised(AlertRaised raised) {
        if (!rulePolicies.mayCover(raised.policyId())) {
            return;
        }
        inClient(raised.clientId(), () -> start(raised.clientId(), raised.alertId(), raised.deviceId()));
    }

    /**
     * Only a remediation task's run concerns this (the event says which): the others return before asking for a
     * connection. This listener runs while the reporting transaction's connection is still bound, so its own
     * transaction needs a second one; if every report of a fan-out did that, all pool connections would be held by
     * threads waiting for another until the pool's timeout.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void finished(TaskRunFinished run) {
        if (run.alertId() == null) {
            return;
        }
        inClient(run.clientId(), () -> settle(run.taskId(), run.deviceId(), run.state()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void cleared(AlertCleared cleared) {
        if (!rulePolicies.mayCover(cleared.policyId())) {
            return;
        }
        inClient(cleared.clientId(), () -> recovered(cleared.alertId(), cleared.ticketId()));
    }

    // ---- the same, for the catch-up sweep when one of those events was lost; each in its own transaction

    /** As hearing the alert raised; true when remediation started on it now. */
    boolean catchUpRaised(ClientId client, UUID alertId, DeviceId device) {
        return inClient(client, () -> start(client, alertId, device));
    }

    /** As hearing the remediation's run finish with {@code state}. */
    boolean catchUpFinished(ClientId client, UUID taskId, DeviceId device, String state) {
        return inClient(client, () -> settle(taskId, device, state));
    }

    /** As hearing the alert clear. */
    boolean catchUpCleared(ClientId client, UUID alertId, UUID ticketId) {
        return inClient(client, () -> recovered(alertId, ticketId));
    }

    /** Runs {@code work} in its own transaction in the client's scope; whether it acted (false also when it failed). */
    private boolean inClient(ClientId client, Supplier<Boolean> work) {
        try {
            return TenantContext.callAs(TenantScope.of(client), () -> Boolean.TRUE.equals(tx.execute(status -> work.get())));
        } catch (RuntimeException e) {
            // Heard after the alert's or the run's own transaction committed: its caller (an agent's batch) must not fail
            // for it. Nothing of this attempt was kept, so the catch-up sweep will find the alert as it was and try again.
            LOG.warn("Remediation failed for client {}: {}", client, e.toString(), e);
            return false;
        }
    }

    private boolean start(ClientId client, UUID alertId, DeviceId device) {
        Alert alert = alert(client, alertId).orElse(null);
        if (alert == null || alert.policyId() == null || !"OPEN".equals(alert.state()) || !device.value().equals(alert.deviceId())) {
            return false;
        }
        RemediationRule rule = repository.ofPolicy(alert.policyId()).orElse(null);
        if (rule == null || rule.clientId() != null && !rule.clientId().equals(client)) {
            return false;
        }
        // The alert's primary key: whoever inserts first (the listener or the sweep) starts it; the other waits for that
        // commit and inserts nothing.
        if (!repository.start(alert.id(), client, alert.deviceId(), rule.id(), alert.ticketId(), rule.maxAttempts(), clock.instant())) {
            return false;
        }
        repository.lock(alert.id()).ifPresent(r -> attempt(r, rule));
        return true;
    }

    private boolean settle(UUID taskId, DeviceId device, String state) {
        UUID alertId = repository.alertOfTask(taskId).orElse(null);
        RemediationRepository.AlertRemediation r = alertId == null ? null : repository.lock(alertId).orElse(null);
        // settled_task: the listener and the sweep, whichever comes second, leave a run already acted on alone.
        if (r == null || !taskId.equals(r.lastTaskId()) || !device.value().equals(r.deviceId()) || taskId.equals(r.settledTask())) {
            return false;
        }
        repository.settled(alertId, taskId);
        if ("SUCCEEDED".equals(state)) {
            repository.succeeded(alertId, taskId);
            if (r.clearedAt() != null && r.remediatedAt() == null) {
                mark(r, taskId);
            }
            return true;
        }
        // A person who cancelled the run decided against it: no retry then.
        if ("CANCELLED".equals(state) || r.succeededTask() != null || r.clearedAt() != null || !r.attemptsLeft()) {
            return true;
        }
        boolean open = alert(r.clientId(), alertId).map(a -> "OPEN".equals(a.state())).orElse(false);
        RemediationRule rule = r.ruleId() == null ? null : repository.ofRuleId(r.ruleId()).orElse(null);
        if (open && rule != null) {
            attempt(r, rule);
        }
        return true;
    }

    private boolean recovered(UUID alertId, UUID ticketId) {
        RemediationRepository.AlertRemediation r = repository.lock(alertId).orElse(null);
        if (r == null || r.remediatedAt() != null || r.clearedAt() != null && r.succeededTask() == null) {
            return false;
        }
        if (r.clearedAt() == null) {
            repository.cleared(alertId, ticketId, clock.instant());
            r = repository.lock(alertId).orElseThrow();
        }
        if (r.succeededTask() != null) {
            mark(r, r.succeededTask());
        }
        return true;
    }

    /** One more run on the alert's device; when none could start, the attempt counts and the incident says why. */
    private void attempt(RemediationRepository.AlertRemediation r, RemediationRule rule) {
        Optional<Task> task = tasks.remediate(r.clientId(), new DeviceId(r.deviceId()), rule.scriptVersionId(), rule.parameters(), r.alertId(),
                r.ticketId());
        String problem = task.isPresent() ? null
                : "No active standard change covers the script with these values on this client, or the signer refused to sign the run.";
        repository.attempted(r.alertId(), task.map(Task::id).orElse(null), problem);
        audit.record("remediation.attempt", "alert", r.alertId().toString(), r.clientId(), Map.of("rule", rule.id().toString(),
                "attempt", r.attempts() + 1, "of", r.maxAttempts(), "task", task.map(t -> t.id().toString()).orElse(""),
                "problem", problem == null ? "" : problem));
        if (r.ticketId() != null) {
            tickets.noteFromAlert(r.clientId(), new TicketId(r.ticketId()), task
                    .map(t -> "Remediation: Steward started task #" + t.number() + " (" + t.scriptName() + ") on the alerting device, attempt "
                            + (r.attempts() + 1) + " of " + r.maxAttempts() + ".")
                    .orElse("Remediation could not start (attempt " + (r.attempts() + 1) + " of " + r.maxAttempts() + "): " + problem));
        }
    }

    private void mark(RemediationRepository.AlertRemediation r, UUID taskId) {
        repository.remediated(r.alertId(), clock.instant());
        if (r.ticketId() == null) {
            return;
        }
        TaskQueries.TaskDetail detail = queries.detail(steward(r.clientId()), taskId);
        Task task = detail.task();
        // The run's own note may have come after the incident was resolved (and then been left out): this one says it all.
        StringBuilder note = new StringBuilder("Task #").append(task.number()).append(" (").append(task.scriptName())
                .append(") succeeded on the alerting device, and the alert then cleared.");
        detail.runs().stream().filter(run -> run.deviceId().value().equals(r.deviceId())).findFirst().ifPresent(run -> {
            note.append(" Run on ").append(run.hostname()).append(": ").append(run.state());
            if (run.exitCode() != null) {
                note.append(", exit code ").append(run.exitCode());
            }
            note.append('.');
            if (run.stdoutTail() != null && !run.stdoutTail().isBlank()) {
                String tail = run.stdoutTail().length() > 2000 ? "…" + run.stdoutTail().substring(run.stdoutTail().length() - 2000) : run.stdoutTail();
                note.append("\n\nOutput (last part):\n").append(tail);
            }
        });
        boolean marked = incidents.markRemediated(r.clientId(), new TicketId(r.ticketId()), taskId, note.toString());
        audit.record("remediation.recovered", "alert", r.alertId().toString(), r.clientId(), Map.of("task", taskId.toString(),
                "ticket", r.ticketId().toString(), "markedRemediated", marked));
    }

    private Optional<Alert> alert(ClientId client, UUID alertId) {
        try {
            return Optional.of(alerts.alert(steward(client), alertId));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Steward itself, seeing only the one client. */
    private static Viewer steward(ClientId client) {
        return Viewer.steward(client, "Steward (remediation)");
    }
}
