package io.steward.server.telemetry;

import java.util.List;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;

/** Samples of one batch were stored; published in the batch's transaction so evaluation commits with them. */
public record SamplesAccepted(AgentDevice device, List<Messages.Sample> samples) {
}
