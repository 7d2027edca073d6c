package io.steward.server.reporting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides a device's measured availability over a period. The device is <em>monitored</em> from
 * {@code max(periodStart, monitoredSince)} to the period's end, less every maintenance window; it is <em>down</em>
 * during any outage (an offline alert from opened to resolved, or still open) inside the monitored time.
 * Overlapping outages and windows count once. Availability is {@code (monitored - down) / monitored} as a
 * percentage, and undefined (null) when nothing was monitored. Whole seconds; inputs in any order.
 */
public final class AvailabilityArithmetic {
    private AvailabilityArithmetic() {
    }

    /** A half-open interval {@code [start, end)}; an open-ended outage has {@code end == null}. */
    public record Interval(Instant start, Instant end) {
    }

    /** The figures of one device (or of a sum of devices). */
    public record Result(long monitoredSeconds, long downSeconds) {
        public Result {
            if (downSeconds < 0 || downSeconds > monitoredSeconds) {
                throw new IllegalArgumentException("down time must lie between 0 and the monitored time");
            }
        }

        /** Percent available, rounded to three decimals; null when nothing was monitored. */
        public Double availabilityPct() {
            if (monitoredSeconds == 0) {
                return null;
            }
            return Math.round((monitoredSeconds - downSeconds) * 100_000.0 / monitoredSeconds) / 1000.0;
        }

        /** Down time in whole minutes, rounded half up. */
        public long downMinutes() {
            return (downSeconds + 30) / 60;
        }

        public Result plus(Result other) {
            return new Result(monitoredSeconds + other.monitoredSeconds, downSeconds + other.downSeconds);
        }
    }

    public static Result measure(Instant periodStart, Instant periodEnd, Instant monitoredSince, List<Interval> outages,
                                 List<Interval> maintenance) {
        Instant start = monitoredSince != null && monitoredSince.isAfter(periodStart) ? monitoredSince : periodStart;
        if (!start.isBefore(periodEnd)) {
            return new Result(0, 0);
        }
        List<Interval> windows = union(clip(maintenance, start, periodEnd));
        long monitored = Duration.between(start, periodEnd).toSeconds() - total(windows);
        List<Interval> down = union(clip(outages, start, periodEnd));
        long downSeconds = total(down) - overlap(down, windows);
        return new Result(monitored, downSeconds);
    }

    private static List<Interval> clip(List<Interval> intervals, Instant from, Instant to) {
        List<Interval> out = new ArrayList<>();
        for (Interval i : intervals) {
            Instant s = i.start().isBefore(from) ? from : i.start();
            Instant e = i.end() == null || i.end().isAfter(to) ? to : i.end();
            if (s.isBefore(e)) {
                out.add(new Interval(s, e));
            }
        }
        return out;
    }

    /** Sorted, disjoint, non-touching intervals covering the same instants. */
    static List<Interval> union(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::start));
        List<Interval> out = new ArrayList<>();
        for (Interval i : sorted) {
            if (!out.isEmpty() && !i.start().isAfter(out.getLast().end())) {
                Interval last = out.removeLast();
                out.add(new Interval(last.start(), i.end().isAfter(last.end()) ? i.end() : last.end()));
            } else {
                out.add(i);
            }
        }
        return out;
    }

    private static long total(List<Interval> disjoint) {
        return disjoint.stream().mapToLong(i -> Duration.between(i.start(), i.end()).toSeconds()).sum();
    }

    /** Seconds common to two lists of disjoint sorted intervals. */
    private static long overlap(List<Interval> a, List<Interval> b) {
        long sum = 0;
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Instant s = a.get(i).start().isAfter(b.get(j).start()) ? a.get(i).start() : b.get(j).start();
            Instant e = a.get(i).end().isBefore(b.get(j).end()) ? a.get(i).end() : b.get(j).end();
            if (s.isBefore(e)) {
                sum += Duration.between(s, e).toSeconds();
            }
            if (a.get(i).end().isBefore(b.get(j).end())) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }
}
