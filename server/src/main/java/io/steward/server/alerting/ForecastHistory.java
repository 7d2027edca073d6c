package io.steward.server.alerting;

/**
 * How much history a disk-fill forecast needs before it may say a date: {@value #MIN_DAYS} days of measurements.
 * Below that, every place that shows a forecast (the device page, its API, the monthly report) says
 * {@link #notEnough(int)} instead of a date, and no service request is raised. Seven days was chosen with the
 * forecast benchmark ({@code bench forecast}, BENCHMARKS.md): fewer days let one busy day (a burst, a backup) pass
 * for a trend and raised requests for disks that never filled; more days found fewer fills in time.
 */
public final class ForecastHistory {
    /** Days of measurements (daily highs since the last clean-up, or days' worth of hourly means) a forecast needs. */
    public static final int MIN_DAYS = 7;

    private ForecastHistory() {
    }

    /** Whether {@code days} of measurements are enough for a forecast. */
    public static boolean enough(int days) {
        return days >= MIN_DAYS;
    }

    /** What a page or the API says instead of a date while there is too little history. */
    public static String notEnough(int hasDays) {
        return "not enough data (needs " + MIN_DAYS + " days, has " + Math.max(0, hasDays) + ")";
    }
}
