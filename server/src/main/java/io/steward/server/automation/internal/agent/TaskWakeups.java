package io.steward.server.automation.internal.agent;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.server.automation.TaskApproved;
import io.steward.server.automation.TaskCancelled;
import io.steward.server.shared.DeviceId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * In-process wake-ups of held task polls: a poll listens before it looks at the database, and an approval or a
 * cancellation completes the listeners of its devices once it has committed, so their agents hear of it at once.
 * Another node's approval is found by the polls' periodic re-check instead.
 */
@Component
class TaskWakeups {
    private final ConcurrentHashMap<DeviceId, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** Completes when something changed for the device; take it before looking at the database, so nothing is missed. */
    CompletableFuture<Void> listen(DeviceId device) {
        if (closing) {
            return CompletableFuture.completedFuture(null);
        }
        return waiting.computeIfAbsent(device, d -> new CompletableFuture<>());
    }

    /** Whether the server is shutting down: held polls are answered at once instead of delaying the shutdown. */
    boolean closing() {
        return closing;
    }

    @org.springframework.context.event.EventListener
    void on(org.springframework.context.event.ContextClosedEvent closed) {
        closing = true;
        waiting.values().forEach(f -> f.complete(null));
        waiting.clear();
    }

    void wake(Collection<DeviceId> devices) {
        for (DeviceId d : devices) {
            CompletableFuture<Void> f = waiting.remove(d);
            if (f != null) {
                f.complete(null);
            }
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(TaskApproved approved) {
        wake(approved.deviceIds());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(TaskCancelled cancelled) {
        wake(cancelled.deviceIds());
    }
}
