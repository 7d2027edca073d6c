package io.steward.server.alerting.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.steward.server.alerting.ForecastHistory;

/**
 * The fill forecast of one file system, from its daily high-water marks of used %. Daily highs, not samples, so the
 * saw-tooth of log rotation within a day does not read as a trend. The rule, in order:
 * <ol>
 * <li>Only the last {@value #WINDOW_DAYS} days count, and only since the last clean-up: a mark more than
 * {@value #CLEANUP_DROP_POINTS} points below both the day before and the median of the five days before starts the
 * history again (the median, so the day after a one- or two-day burst is not taken for a clean-up; the day before, so
 * a disk that shrinks steadily is not either).</li>
 * <li>Fewer than {@link ForecastHistory#MIN_DAYS} days of marks in that stretch: no forecast.</li>
 * <li>The trend is the Theil–Sen line (median of the slopes between every two days, level the median of what is left),
 * which a burst or two does not tilt the way least squares would. A flat or falling line predicts no date.</li>
 * <li>A service request needs the date within the horizon (steward.alerting.forecast-horizon-days, default
 * {@value #DEFAULT_HORIZON_DAYS}) and the marks close to the line (median distance at most {@value #MAX_SCATTER_POINTS}
 * points): a disk whose use jumps around is not forecast with confidence. A disk cleaned up in the last
 * {@value #LOOKBACK_DAYS} days gets at most {@value #CLEANED_HORIZON_DAYS} days: someone frees space on it, and a
 * longer look ahead mostly predicted fills the next clean-up prevented. A disk cleaned up at least twice is expected to
 * be cleaned again after the same interval; it gets a request only when it is predicted full before that.</li>
 * </ol>
 * The thresholds were chosen with the forecast benchmark ({@code steward-bench forecast}, BENCHMARKS.md).
 */
public final class DiskFillForecast {
    /** Days of daily highs a forecast needs (see {@link ForecastHistory}). */
    public static final int MIN_DAYS = ForecastHistory.MIN_DAYS;
    /** The most recent days the line is fitted to; older days describe a disk that has since changed. */
    public static final int WINDOW_DAYS = 21;
    /** The days looked back over for clean-ups (the fit itself uses the last {@value #WINDOW_DAYS}). */
    public static final int LOOKBACK_DAYS = 60;
    /**
     * The horizon for a disk cleaned up in the last {@value #LOOKBACK_DAYS} days: someone frees space on it, so only a
     * fill close at hand is likely to come before the next clean-up.
     */
    public static final int CLEANED_HORIZON_DAYS = 4;
    /** Days a regular clean-up may be late and still be counted on. */
    public static final int CLEANUP_GRACE_DAYS = 2;
    /** A drop this far below the day before and the recent median is a clean-up (or a rotation): the trend starts again after it. */
    public static final double CLEANUP_DROP_POINTS = 3.0;
    /** The marks' median distance from the line above which no service request is raised. */
    public static final double MAX_SCATTER_POINTS = 1.5;
    /** Days ahead a predicted fill raises a service request, unless configured otherwise (steward.alerting.forecast-horizon-days). */
    public static final int DEFAULT_HORIZON_DAYS = 7;

    private DiskFillForecast() {
    }

    /** One day's highest used %. */
    public record DailyMark(LocalDate day, double usedPct) {
    }

    /**
     * @param slopePerDay  percentage points per day
     * @param fittedToday  the line's value today
     * @param fullOn       the first day the line reaches 100 %, today if it already has; null if it never rises
     * @param scatter      the marks' median distance from the line, in points
     * @param historyDays  the days of marks the line was fitted to
     * @param cleanedUp    whether the disk was cleaned up in the last {@value #LOOKBACK_DAYS} days
     * @param nextCleanup  when the disk is next cleaned up if it keeps the interval of its last two clean-ups; null if unknown
     */
    public record Forecast(double slopePerDay, double fittedToday, LocalDate fullOn, double scatter, int historyDays, boolean cleanedUp,
                           LocalDate nextCleanup) {

        /** Whether the disk is predicted full within {@code days} of {@code today}. */
        public boolean fullWithin(LocalDate today, int days) {
            return fullOn != null && !fullOn.isAfter(today.plusDays(days));
        }

        /**
         * Whether this forecast asks for a service request: full within the horizon (at most
         * {@value #CLEANED_HORIZON_DAYS} days for a disk someone cleans up), the marks follow the line, and the disk fills
         * before its next regular clean-up (if it has a regular one).
         */
        public boolean raisesRequest(LocalDate today, int horizonDays) {
            int horizon = cleanedUp ? Math.min(horizonDays, CLEANED_HORIZON_DAYS) : horizonDays;
            return fullWithin(today, horizon) && scatter <= MAX_SCATTER_POINTS && (nextCleanup == null || fullOn.isBefore(nextCleanup));
        }
    }

    /** What the daily run does about a file system's service request. */
    public enum Decision {
        /** Ask for a service request: predicted full within the horizon, none open. */
        RAISE,
        /** Settle the open request: no longer predicted full within the horizon (or a clean-up reset the history). */
        SETTLE,
        /** Nothing changes. */
        KEEP
    }

    /**
     * The daily decision, shared by the server's run and the forecast benchmark: {@code forecast} is what {@link #fit}
     * gave today (empty: not enough history, as after a clean-up, which settles an open request too).
     */
    public static Decision decide(Optional<Forecast> forecast, boolean requestOpen, LocalDate today, int horizonDays) {
        boolean due = forecast.isPresent() && forecast.get().raisesRequest(today, horizonDays);
        if (due && !requestOpen) {
            return Decision.RAISE;
        }
        return !due && requestOpen ? Decision.SETTLE : Decision.KEEP;
    }

    /** The day's marks of the last {@value #LOOKBACK_DAYS} days up to today, one per day, oldest first. */
    private static List<DailyMark> daily(List<DailyMark> marks, LocalDate today) {
        Map<LocalDate, Double> byDay = new TreeMap<>();
        LocalDate first = today.minusDays(LOOKBACK_DAYS - 1L);
        for (DailyMark m : marks) {
            if (!m.day().isBefore(first) && !m.day().isAfter(today) && Double.isFinite(m.usedPct())) {
                byDay.merge(m.day(), m.usedPct(), Math::max);
            }
        }
        List<DailyMark> days = new ArrayList<>();
        byDay.forEach((d, v) -> days.add(new DailyMark(d, v)));
        return days;
    }

    /** The indexes in {@code days} where a clean-up starts the history again. */
    private static List<Integer> cleanups(List<DailyMark> days) {
        List<Integer> starts = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < days.size(); i++) {
            double[] before = new double[Math.min(5, i - start)];
            for (int j = 0; j < before.length; j++) {
                before[j] = days.get(i - 1 - j).usedPct();
            }
            double mark = days.get(i).usedPct();
            if (mark < days.get(i - 1).usedPct() - CLEANUP_DROP_POINTS && mark < median(before) - CLEANUP_DROP_POINTS) {
                start = i;
                starts.add(i);
            }
        }
        return starts;
    }

    /** The marks the forecast would use: the last {@value #WINDOW_DAYS} days up to today, since the last clean-up, one per day. */
    static List<DailyMark> usable(List<DailyMark> marks, LocalDate today) {
        List<DailyMark> days = daily(marks, today);
        List<Integer> cleanups = cleanups(days);
        List<DailyMark> since = days.subList(cleanups.isEmpty() ? 0 : cleanups.getLast(), days.size());
        LocalDate first = today.minusDays(WINDOW_DAYS - 1L);
        return since.stream().filter(m -> !m.day().isBefore(first)).toList();
    }

    /**
     * When the next clean-up is due if the disk is cleaned at the interval of its last two, or null: fewer than two
     * seen, or more than {@value #CLEANUP_GRACE_DAYS} days overdue (then it is not counted on any more).
     */
    static LocalDate nextCleanup(List<DailyMark> marks, LocalDate today) {
        List<DailyMark> days = daily(marks, today);
        List<Integer> cleanups = cleanups(days);
        if (cleanups.size() < 2) {
            return null;
        }
        LocalDate last = days.get(cleanups.getLast()).day();
        LocalDate previous = days.get(cleanups.get(cleanups.size() - 2)).day();
        LocalDate next = last.plusDays(ChronoUnit.DAYS.between(previous, last));
        return next.plusDays(CLEANUP_GRACE_DAYS).isBefore(today) ? null : next;
    }

    /** How many days of history the forecast has today (what "not enough data" reports). */
    public static int historyDays(List<DailyMark> marks, LocalDate today) {
        return usable(marks, today).size();
    }

    /** The forecast, or empty while there is less history than {@link #MIN_DAYS} days. */
    public static Optional<Forecast> fit(List<DailyMark> marks, LocalDate today) {
        List<DailyMark> days = usable(marks, today);
        if (!ForecastHistory.enough(days.size())) {
            return Optional.empty();
        }
        int n = days.size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = ChronoUnit.DAYS.between(today, days.get(i).day());
            y[i] = days.get(i).usedPct();
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
            }
        }
        double slope = median(slopes);
        double[] levels = new double[n];
        for (int i = 0; i < n; i++) {
            levels[i] = y[i] - slope * x[i];
        }
        double intercept = median(levels);
        double[] distances = new double[n];
        for (int i = 0; i < n; i++) {
            distances[i] = Math.abs(y[i] - (intercept + slope * x[i]));
        }
        LocalDate fullOn = null;
        if (intercept >= 100) {
            fullOn = today;
        } else if (slope > 1e-9) {
            double toFull = (100 - intercept) / slope;
            fullOn = toFull > 36_500 ? null : today.plusDays((long) Math.ceil(toFull));
        }
        return Optional.of(new Forecast(slope, intercept, fullOn, median(distances), n, !cleanups(daily(marks, today)).isEmpty(), nextCleanup(marks, today)));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
