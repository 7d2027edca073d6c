package io.steward.server.backup.internal;

import io.steward.protocol.backup.BackupMessages;
import io.steward.server.shared.AgentEndpoint;
import io.steward.server.shared.AgentEndpoint.Answer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The backup module's endpoint of the agent channel (protocol v1, signed like every agent request, with its seq). */
@Configuration(proxyBeanMethods = false)
class BackupAgentEndpoints {

    /** A report of the device's backup jobs; answered whether it was stored (a late, older one is not). */
    @Bean
    AgentEndpoint<BackupMessages.Report> backupReportEndpoint(BackupIntake intake) {
        return new AgentEndpoint<>(BackupMessages.REPORT_PATH, BackupMessages.Report.class, (device, report) -> Answer.ok(intake.accept(device, report)));
    }
}
