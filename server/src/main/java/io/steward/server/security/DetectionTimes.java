package io.steward.server.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Mean time to detect (MTTD: {@code beganAt} to {@code detectedAt}) and to repair (MTTR: {@code detectedAt} to
 * {@code fixedAt}) over a month, from episodes as {@link CheckEpisodes} decides them. Only episodes <em>detected</em> in
 * the month count (so each episode counts in exactly one month); MTTR counts those of them fixed by {@code asOf}, and
 * the ones still open at {@code asOf} are reported apart (their repair time is not known yet, and leaving them out
 * silently would flatter the figure). The median of an even count is the mean of the two middle values.
 */
public final class DetectionTimes {

    /** An episode's three times; {@code fixedAt} null while open. */
    public record Episode(Instant beganAt, Instant detectedAt, Instant fixedAt) {
    }

    /** Median and mean over {@code count} durations; both null when there are none. */
    public record Stats(int count, Duration median, Duration mean) {
        public Long medianMinutes() {
            return median == null ? null : median.toMinutes();
        }

        public Long meanMinutes() {
            return mean == null ? null : mean.toMinutes();
        }
    }

    /**
     * A month's figures.
     *
     * @param detected  episodes detected in the month (by {@code asOf})
     * @param mttd      began to detected, over all of them
     * @param mttr      detected to fixed, over those fixed by {@code asOf}
     * @param stillOpen those not fixed by {@code asOf}
     */
    public record Month(int detected, Stats mttd, Stats mttr, int stillOpen) {
    }

    private DetectionTimes() {
    }

    /** The figures of the episodes detected in {@code [from, to)}, as known at {@code asOf}. */
    public static Month of(Collection<Episode> episodes, Instant from, Instant to, Instant asOf) {
        List<Episode> month = episodes.stream().filter(e -> !e.detectedAt().isBefore(from) && e.detectedAt().isBefore(to)
                && !e.detectedAt().isAfter(asOf)).toList();
        List<Duration> detect = month.stream().map(e -> Duration.between(e.beganAt(), e.detectedAt())).toList();
        List<Duration> repair = month.stream().filter(e -> e.fixedAt() != null && !e.fixedAt().isAfter(asOf))
                .map(e -> Duration.between(e.detectedAt(), e.fixedAt())).toList();
        return new Month(month.size(), stats(detect), stats(repair), month.size() - repair.size());
    }

    /** Median and mean of durations (any order). */
    public static Stats stats(List<Duration> durations) {
        if (durations.isEmpty()) {
            return new Stats(0, null, null);
        }
        long[] millis = durations.stream().mapToLong(Duration::toMillis).sorted().toArray();
        int n = millis.length;
        long median = n % 2 == 1 ? millis[n / 2] : Math.floorDiv(millis[n / 2 - 1] + millis[n / 2], 2);
        long sum = 0;
        for (long m : millis) {
            sum += m;
        }
        return new Stats(n, Duration.ofMillis(median), Duration.ofMillis(Math.floorDiv(sum, n)));
    }
}
