package io.steward.server.telemetry;

import java.time.Instant;

/** The latest value of one metric of one device; {@code receivedAt} is the server's clock, {@code sampledAt} the agent's. */
public record LatestValue(String metric, String instance, double value, String unit, Instant sampledAt, Instant receivedAt) {
}
