package io.steward.server.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import io.steward.server.alerting.ForecastHistory;

/**
 * When a file system reaches 100 % if it keeps growing at its measured rate: from the last measured use and the
 * growth in percentage points per day. No date from less than {@link ForecastHistory#MIN_DAYS} days of measurements
 * (the days the measurements spread over, see {@code ReportData.DiskRow}: a slope through minutes of data extrapolates
 * noise), none when it does not
 * grow, and none beyond {@value #HORIZON_DAYS} days (a forecast that far out says nothing useful). Already full: the
 * day of the last measurement.
 */
public final class DiskFullForecast {
    /** Forecasts further out than this are not given. */
    public static final int HORIZON_DAYS = 3650;

    private DiskFullForecast() {
    }

    /** The whole days of measurements a span of {@code spanDays} counts as (rounded; nothing measured: 0). */
    public static int daysMeasured(double spanDays) {
        return Double.isFinite(spanDays) && spanDays > 0 ? (int) Math.min(Integer.MAX_VALUE, Math.round(spanDays)) : 0;
    }

    public static LocalDate fullOn(double lastUsedPct, Instant measuredAt, double growthPointsPerDay, double spanDays, ZoneId zone) {
        if (Double.isNaN(lastUsedPct) || Double.isNaN(growthPointsPerDay) || !ForecastHistory.enough(daysMeasured(spanDays))) {
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

    /** The forecast in words: the date, "not within 10 years", or "not enough data (needs 7 days, has K)". */
    public static String describe(LocalDate fullOn, double spanDays) {
        if (!ForecastHistory.enough(daysMeasured(spanDays))) {
            return ForecastHistory.notEnough(daysMeasured(spanDays));
        }
        return fullOn == null ? "not within 10 years" : fullOn.toString();
    }
}
