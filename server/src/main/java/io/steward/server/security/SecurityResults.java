package io.steward.server.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.security.internal.ResultIntake;
import io.steward.server.security.internal.ResultRepository;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.TenantContext;
import org.springframework.stereotype.Service;

/**
 * Stores a device's round of check results as if its agent had sent it: for the demo's devices, which have no agent
 * evaluating checks behind them. Exactly what the agent endpoint does (checks, sequence number, results, episodes,
 * incidents), optionally as received at an earlier instant so that a demo can have a history.
 */
@Service
public class SecurityResults {
    private final ResultIntake intake;
    private final ResultRepository results;

    public SecurityResults(ResultIntake intake, ResultRepository results) {
        this.intake = intake;
        this.results = results;
    }

    public SecurityCheckMessages.ResultsResponse accept(AgentDevice device, SecurityCheckMessages.Results round) {
        return intake.accept(device, round);
    }

    /** As received at {@code receivedAt} (its detection and fix times are then of that instant). */
    public SecurityCheckMessages.ResultsResponse acceptAsOf(AgentDevice device, SecurityCheckMessages.Results round, Instant receivedAt) {
        return intake.accept(device, round, Clock.fixed(receivedAt, ZoneOffset.UTC));
    }

    /** Whether any device's result is stored (all clients). */
    public boolean anyStored() {
        return TenantContext.callAsSystem(results::any);
    }
}
