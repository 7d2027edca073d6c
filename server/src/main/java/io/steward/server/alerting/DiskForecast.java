package io.steward.server.alerting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The latest fill forecast of one file system: its trend in percentage points a day, the fitted
 * used % on the day it was made, the day it is predicted full (null: not rising), and the service
 * request open about it, if any.
 */
public record DiskForecast(UUID deviceId, String instance, Instant computedAt, double slopePerDay, double fittedPct, LocalDate fullOn,
                           UUID ticketId) {
}
