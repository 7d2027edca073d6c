package io.steward.server.patching;

import io.steward.protocol.patch.PatchMessages;
import io.steward.server.patching.internal.ScanIntake;
import io.steward.server.shared.AgentDevice;
import org.springframework.stereotype.Service;

/**
 * Stores a device's scan as if its agent had sent it: for the demo's devices, which have no real package manager
 * behind them. Exactly what the agent endpoint does (checks, sequence number, updates, history, emergency tracking).
 */
@Service
public class PatchScans {
    private final ScanIntake intake;

    public PatchScans(ScanIntake intake) {
        this.intake = intake;
    }

    public PatchMessages.ScanResponse accept(AgentDevice device, PatchMessages.Scan scan) {
        return intake.accept(device, scan);
    }
}
