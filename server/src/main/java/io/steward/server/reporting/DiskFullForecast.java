package io.steward.server.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When a file system reaches 100 % if it keeps growing at its measured rate: from the last measured use and the
 * growth in percentage points per day. No date when it does not grow, and none beyond {@value #HORIZON_DAYS} days
 * (a forecast that far out says nothing useful). Already full: the day of the last measurement.
 */
public final class DiskFullForecast {
    /** Forecasts further out than this are not given. */
    public static final int HORIZON_DAYS = 3650;

    private DiskFullForecast() {
    }

    public static LocalDate fullOn(double lastUsedPct, Instant measuredAt, double growthPointsPerDay, ZoneId zone) {
        if (Double.isNaN(lastUsedPct) || Double.isNaN(growthPointsPerDay)) {
            return null;
        }
        LocalDate day = measuredAt.atZone(zone).toLocalDate();
        if (lastUsedPct >= 100) {
            return day;
        }
        if (growthPointsPerDay <= 0) {
            return null;
        }
        double days = (100 - lastUsedPct) / growthPointsPerDay;
        if (days > HORIZON_DAYS) {
            return null;
        }
        return measuredAt.plusSeconds((long) Math.ceil(days * 86_400)).atZone(zone).toLocalDate();
    }
}
