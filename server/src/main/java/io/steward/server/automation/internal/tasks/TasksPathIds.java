package io.steward.server.automation.internal.tasks;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRule.Audience;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A task id is visible to staff who see the task's client; client users see no task. */
@Component
class TasksPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(PathIdRule.ofClient("taskId", "task", "client_id").forAudience(Audience.STAFF));
    }
}
