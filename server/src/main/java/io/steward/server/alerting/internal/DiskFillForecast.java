package io.steward.server.alerting.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Fits a straight line (least squares) through a file system's daily high-water marks of used % and
 * says when it reaches 100 %. Needs marks on at least {@link #MIN_DAYS} distinct days; a flat or
 * falling trend predicts no date.
 */
public final class DiskFillForecast {
    public static final int MIN_DAYS = 3;

    private DiskFillForecast() {
    }

    /** One day's highest used %. */
    public record DailyMark(LocalDate day, double usedPct) {
    }

    /**
     * @param slopePerDay percentage points per day
     * @param fittedToday the line's value today
     * @param fullOn      the first day the line reaches 100 %, today if it already has; null if it never rises
     */
    public record Forecast(double slopePerDay, double fittedToday, LocalDate fullOn) {

        /** Whether the disk is predicted full within {@code days} of {@code today}. */
        public boolean fullWithin(LocalDate today, int days) {
            return fullOn != null && !fullOn.isAfter(today.plusDays(days));
        }
    }

    public static Optional<Forecast> fit(List<DailyMark> marks, LocalDate today) {
        if (marks.stream().map(DailyMark::day).distinct().count() < MIN_DAYS) {
            return Optional.empty();
        }
        double n = marks.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (DailyMark m : marks) {
            double x = ChronoUnit.DAYS.between(today, m.day());
            sx += x;
            sy += m.usedPct();
            sxx += x * x;
            sxy += x * m.usedPct();
        }
        double denominator = n * sxx - sx * sx;
        if (denominator == 0) {
            return Optional.empty();
        }
        double slope = (n * sxy - sx * sy) / denominator;
        double intercept = (sy - slope * sx) / n;
        LocalDate fullOn = null;
        if (intercept >= 100) {
            fullOn = today;
        } else if (slope > 1e-9) {
            double days = (100 - intercept) / slope;
            fullOn = days > 36_500 ? null : today.plusDays((long) Math.ceil(days));
        }
        return Optional.of(new Forecast(slope, intercept, fullOn));
    }
}
