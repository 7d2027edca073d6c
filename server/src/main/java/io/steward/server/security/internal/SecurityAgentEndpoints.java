package io.steward.server.security.internal;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.shared.AgentEndpoint;
import io.steward.server.shared.AgentEndpoint.Answer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The security module's endpoint of the agent channel (protocol v1, signed like every agent request, with its seq). */
@Configuration(proxyBeanMethods = false)
class SecurityAgentEndpoints {

    /** A round of check results; answered with whether it was stored and the client's plan for the next rounds. */
    @Bean
    AgentEndpoint<SecurityCheckMessages.Results> securityResultsEndpoint(ResultIntake intake) {
        return new AgentEndpoint<>(SecurityCheckMessages.RESULTS_PATH, SecurityCheckMessages.Results.class,
                (device, round) -> Answer.ok(intake.accept(device, round)));
    }
}
