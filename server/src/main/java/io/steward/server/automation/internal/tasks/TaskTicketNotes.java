package io.steward.server.automation.internal.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.automation.TaskRunFinished;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.shared.TicketId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings a task's results back to its tickets (the one it was raised from and its change ticket) as internal notes:
 * one note per finished run, with the device's state, exit code, duration and the tail of its output. One note per
 * run rather than a summary at the end, so a ticket shows results as they come and a run that never finishes does not
 * hold back the others'. Runs in the transaction that stored the run's result, so the note commits with it (or, when
 * published outside one, in its own, in the run's client scope).
 */
@Component
class TaskTicketNotes {
    /** The output tail a note quotes: the last lines a technician reads, not the whole capture. */
    static final int TAIL_CHARS = 2000;

    private final TaskRepository tasks;
    private final TicketService tickets;
    private final io.steward.server.devices.DeviceService devices;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    TaskTicketNotes(TaskRepository tasks, TicketService tickets, io.steward.server.devices.DeviceService devices,
                    org.springframework.transaction.support.TransactionTemplate tx) {
        this.devices = devices;
        this.tx = tx;
        this.tasks = tasks;
        this.tickets = tickets;
    }

    @EventListener
    void finished(TaskRunFinished run) {
        // Joins the publisher's transaction (whose scope is already set); otherwise opens one in the run's client scope.
        io.steward.server.shared.TenantContext.runAs(io.steward.server.shared.TenantScope.of(run.clientId()),
                () -> tx.executeWithoutResult(status -> note(run)));
    }

    private void note(TaskRunFinished run) {
        TaskRepository.Tickets t = tasks.tickets(run.taskId()).orElse(null);
        if (t == null) {
            return;
        }
        List<UUID> targets = new ArrayList<>();
        if (t.ticketId() != null) {
            targets.add(t.ticketId());
        }
        if (t.changeTicketId() != null && !t.changeTicketId().equals(t.ticketId())) {
            targets.add(t.changeTicketId());
        }
        if (targets.isEmpty()) {
            return;
        }
        io.steward.server.devices.DeviceProfile device = devices.profile(run.deviceId());
        String note = note(t.number(), t.scriptName(), device == null ? run.deviceId().toString() : device.hostname(), run);
        for (UUID ticket : targets) {
            tickets.noteFromAlert(run.clientId(), new TicketId(ticket), note);
        }
    }

    static String note(long taskNumber, String scriptName, String hostname, TaskRunFinished run) {
        StringBuilder b = new StringBuilder("Task #").append(taskNumber).append(" (").append(scriptName).append(") on ")
                .append(hostname).append(": ").append(run.state());
        if (run.exitCode() != null) {
            b.append(", exit code ").append(run.exitCode());
        }
        if (run.durationMs() != null) {
            b.append(", ").append(String.format(java.util.Locale.ROOT, "%.1f s", run.durationMs() / 1000.0));
        }
        b.append('.');
        if (run.reason() != null && !run.reason().isBlank()) {
            b.append(" Reason: ").append(run.reason());
        }
        if (run.outputTail() != null && !run.outputTail().isEmpty()) {
            String tail = run.outputTail();
            if (tail.length() > TAIL_CHARS) {
                tail = "…" + tail.substring(tail.length() - TAIL_CHARS);
            }
            b.append("\n\nOutput (last part):\n").append(tail);
        }
        return b.toString();
    }
}
