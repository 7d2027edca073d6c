package io.steward.server.automation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Records the task events published, for the task tests to see what the agents would hear; changes nothing. */
@Component
class TaskEventRecorder {
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    @EventListener
    void approved(TaskApproved e) {
        seen.add(e);
    }

    @EventListener
    void cancelled(TaskCancelled e) {
        seen.add(e);
    }

    List<Object> of(java.util.UUID taskId) {
        return seen.stream().filter(e -> e instanceof TaskApproved a ? a.taskId().equals(taskId) : ((TaskCancelled) e).taskId().equals(taskId)).toList();
    }
}
