package io.steward.server.alerting;

import java.time.LocalDate;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/** The daily forecast predicts a file system full by {@code fullOn}, within the horizon; no request is open for it yet. */
public record DiskFillPredicted(ClientId clientId, DeviceId deviceId, String hostname, String instance, LocalDate fullOn, double slopePerDay,
                                double usedPct) {
}
