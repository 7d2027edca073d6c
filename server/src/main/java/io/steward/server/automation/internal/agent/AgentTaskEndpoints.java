package io.steward.server.automation.internal.agent;

import io.steward.protocol.task.TaskMessages;
import io.steward.server.shared.AgentEndpoint;
import io.steward.server.shared.AgentEndpoint.Answer;
import io.steward.server.shared.TenantContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * The agent channel's task endpoints (protocol v1, signed like every agent request, each with its seq): the long
 * poll for orders and the run reports. Plus the sweep that expires and cancels queued runs of devices that do not
 * poll, on db-scheduler so that one node of several does it.
 */
@Configuration(proxyBeanMethods = false)
// The module's one properties record; SIGNER enables it on its signer configuration too (either place is enough).
@org.springframework.boot.context.properties.EnableConfigurationProperties(io.steward.server.automation.AutomationProperties.class)
class AgentTaskEndpoints {

    @Bean
    AgentEndpoint<TaskMessages.Poll> taskPollEndpoint(TaskDispatch dispatch) {
        return new AgentEndpoint<>(TaskMessages.POLL_PATH, TaskMessages.Poll.class, (device, poll) -> Answer.ok(dispatch.poll(device, poll)));
    }

    @Bean
    AgentEndpoint<TaskMessages.Report> taskReportEndpoint(TaskReports reports) {
        return new AgentEndpoint<>(TaskMessages.REPORT_PATH, TaskMessages.Report.class, (device, report) -> {
            reports.report(device, report);
            return Answer.noContent();
        });
    }

    @Bean
    RecurringTask<Void> taskRunSweep(TaskDispatch dispatch) {
        return Tasks.recurring("task-run-sweep", FixedDelay.of(java.time.Duration.ofMinutes(1)))
                .execute((instance, context) -> TenantContext.runAsSystem(dispatch::sweep));
    }
}
