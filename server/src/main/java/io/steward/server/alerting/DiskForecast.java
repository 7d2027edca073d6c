package io.steward.server.alerting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The latest fill forecast of one file system: its trend in percentage points a day, the fitted used % on the day it
 * was made, the day it is predicted full (null: not rising, or not enough history), the service request open about
 * it, if any, the days of history the forecast has, and what to show people in one phrase ({@code forecast}): the
 * date, "not rising", or {@link ForecastHistory#notEnough "not enough data (needs 7 days, has K)"}. While there is not
 * enough history, only {@code historyDays} and {@code forecast} are set (and {@code ticketId}, if one is still open).
 */
public record DiskForecast(UUID deviceId, String instance, Instant computedAt, Double slopePerDay, Double fittedPct, LocalDate fullOn,
                           UUID ticketId, int historyDays, String forecast) {

    /** Whether there is enough history for a date (see {@link ForecastHistory}). */
    public boolean enoughHistory() {
        return ForecastHistory.enough(historyDays);
    }
}
