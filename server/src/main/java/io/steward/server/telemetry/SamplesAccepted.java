package io.steward.server.telemetry;

import java.util.List;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;

/** The samples of one stored batch; published as part of its client's {@link ClientSamplesAccepted}. */
public record SamplesAccepted(AgentDevice device, List<Messages.Sample> samples) {
}
