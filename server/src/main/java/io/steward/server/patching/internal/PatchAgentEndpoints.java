package io.steward.server.patching.internal;

import io.steward.protocol.patch.PatchMessages;
import io.steward.server.shared.AgentEndpoint;
import io.steward.server.shared.AgentEndpoint.Answer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The patching module's endpoint of the agent channel (protocol v1, signed like every agent request, with its seq). */
@Configuration(proxyBeanMethods = false)
class PatchAgentEndpoints {

    /** A scan of the device's available updates; answered whether it was stored (a late, older one is not). */
    @Bean
    AgentEndpoint<PatchMessages.Scan> patchScanEndpoint(ScanIntake intake) {
        return new AgentEndpoint<>(PatchMessages.SCAN_PATH, PatchMessages.Scan.class, (device, scan) -> Answer.ok(intake.accept(device, scan)));
    }
}
