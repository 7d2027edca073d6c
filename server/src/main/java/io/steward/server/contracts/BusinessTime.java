package io.steward.server.contracts;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Arithmetic on covered ("business") time of a {@link CoverageCalendar}.
 *
 * <p>Definitions, for a calendar {@code cal}:
 * <ul>
 *   <li>{@link #businessTimeBetween(CoverageCalendar, Instant, Instant)} is the covered time inside the half-open
 *       range {@code [from, to)}; zero when {@code to <= from}.</li>
 *   <li>{@link #addBusinessTime(CoverageCalendar, Instant, Duration)} is the earliest instant {@code t >= start}
 *       with {@code businessTimeBetween(cal, start, t) == amount}. For {@code amount == 0} it is {@code start}
 *       itself, even outside coverage. For a positive amount the result always lies inside or at the end of a
 *       covered span, never at the start of one (a 4 h target opened at 16:00 on an 08:00–18:00 calendar is due
 *       at 10:00 the next working day, and a target that ends exactly at 18:00 is due at 18:00, not at 08:00).</li>
 * </ul>
 * Hence {@code businessTimeBetween(cal, s, addBusinessTime(cal, s, d)) == d} for every {@code d >= 0}.
 *
 * <p>An {@code alwaysOn} calendar is wall time: every instant is covered. For a business calendar each
 * {@link WorkingPeriod} starting on a non-holiday day becomes one span whose local start and end are converted
 * with {@link ZonedDateTime#of(LocalDateTime, ZoneId)}: a boundary in a spring-forward gap moves forward by the
 * length of the gap, a boundary in a fall-back overlap takes the earlier offset. A period therefore always covers
 * the elapsed time between its two converted boundaries (08:00–18:00 stays 10 h on a changeover day, a 24 h
 * period on a spring-forward day covers 23 h); a period whose converted end is not after its converted start
 * covers nothing. Overlapping spans count once.
 *
 * <p>Precision is the nanosecond. Instants must lie between 1800 and 2200 (the arithmetic runs on
 * {@code long} nanoseconds since the epoch); others are refused with {@link IllegalArgumentException}.
 * {@link #addBusinessTime} searches at most {@value #SEARCH_HORIZON_YEARS} years ahead, so a calendar that
 * yields no (or too little) coverage, such as one whose only periods fall on holidays, is refused instead of
 * looping forever.
 *
 * <p>Speed: {@link #of(CoverageCalendar)} compiles a calendar once into per-year tables of covered spans in
 * epoch nanoseconds with cumulative sums, built lazily and memoized, so both operations are two binary searches
 * in the common case. The static methods reuse compiled forms from a small cache. Instances are immutable in
 * what they answer and safe to share between threads.
 */
public final class BusinessTime {
    /** How far {@link #addBusinessTime} looks for coverage before giving up on the calendar. */
    public static final int SEARCH_HORIZON_YEARS = 5;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int MIN_YEAR = 1799;
    private static final int MAX_YEAR = 2200 + SEARCH_HORIZON_YEARS + 1;
    private static final long MIN_EPOCH_SECOND = LocalDate.of(1800, 1, 2).toEpochSecond(java.time.LocalTime.MIN, ZoneOffset.UTC);
    private static final long MAX_EPOCH_SECOND = LocalDate.of(2200, 1, 1).toEpochSecond(java.time.LocalTime.MIN, ZoneOffset.UTC);
    /** Calendars are few per installation; the bound only keeps a stream of ad-hoc calendars from leaking. */
    private static final int CACHE_LIMIT = 1024;

    private static final BusinessTime WALL_CLOCK = new BusinessTime(null);
    private static final ConcurrentHashMap<CoverageCalendar, BusinessTime> COMPILED = new ConcurrentHashMap<>();
    private static volatile BusinessTime lastCompiled;

    /** The calendar this was compiled from; null for wall time. */
    private final CoverageCalendar source;
    private final ZoneId zone;
    /** Working periods indexed by {@link DayOfWeek#ordinal()}. */
    private final WorkingPeriod[][] periodsByDay;
    private final AtomicReferenceArray<YearTable> years;

    private BusinessTime(CoverageCalendar source) {
        this.source = source;
        if (source == null || source.alwaysOn()) {
            this.zone = null;
            this.periodsByDay = null;
            this.years = null;
            return;
        }
        this.zone = source.zone();
        this.periodsByDay = new WorkingPeriod[7][];
        for (DayOfWeek day : DayOfWeek.values()) {
            periodsByDay[day.ordinal()] = source.periods().stream().filter(p -> p.day() == day).toArray(WorkingPeriod[]::new);
        }
        this.years = new AtomicReferenceArray<>(MAX_YEAR - MIN_YEAR + 1);
    }

    /** The compiled form of {@code calendar}, reused across calls for equal calendars. */
    public static BusinessTime of(CoverageCalendar calendar) {
        Objects.requireNonNull(calendar, "calendar");
        if (calendar.alwaysOn()) {
            return WALL_CLOCK;
        }
        BusinessTime last = lastCompiled;
        if (last != null && last.source == calendar) {
            return last;
        }
        BusinessTime compiled = COMPILED.get(calendar);
        if (compiled == null) {
            if (COMPILED.size() >= CACHE_LIMIT) {
                COMPILED.clear();
            }
            compiled = COMPILED.computeIfAbsent(calendar, BusinessTime::new);
        }
        lastCompiled = compiled;
        return compiled;
    }

    /** Wall time: every instant is covered. */
    public static BusinessTime wallClock() {
        return WALL_CLOCK;
    }

    /** See the class comment: the earliest instant at which {@code amount} of covered time has elapsed since {@code start}. */
    public static Instant addBusinessTime(CoverageCalendar calendar, Instant start, Duration amount) {
        return of(calendar).add(start, amount);
    }

    /** Covered time in {@code [from, to)}; zero when {@code to <= from}. */
    public static Duration businessTimeBetween(CoverageCalendar calendar, Instant from, Instant to) {
        return of(calendar).between(from, to);
    }

    /** Instance form of {@link #addBusinessTime(CoverageCalendar, Instant, Duration)}. */
    public Instant add(Instant start, Duration amount) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("business time to add must not be negative: " + amount);
        }
        if (amount.isZero()) {
            return start;
        }
        if (periodsByDay == null) {
            return start.plus(amount);
        }
        long remaining = nanosOf(amount);
        long from = nanosOf(start);
        YearTable table = tableAt(from);
        long coveredSoFar = table.coveredBefore(from);
        int lastYear = table.year + SEARCH_HORIZON_YEARS;
        while (remaining > table.total - coveredSoFar) {
            remaining -= table.total - coveredSoFar;
            if (table.year == lastYear) {
                throw new IllegalArgumentException("calendar " + source + " does not provide " + amount
                        + " of coverage within " + SEARCH_HORIZON_YEARS + " years after " + start);
            }
            table = table(table.year + 1);
            coveredSoFar = 0;
        }
        return instantOf(table.instantAtCovered(coveredSoFar + remaining));
    }

    /** Instance form of {@link #businessTimeBetween(CoverageCalendar, Instant, Instant)}. */
    public Duration between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (periodsByDay == null) {
            return Duration.between(from, to);
        }
        long a = nanosOf(from);
        long b = nanosOf(to);
        YearTable first = tableAt(a);
        YearTable last = tableAt(b);
        if (first == last) {
            return Duration.ofNanos(first.coveredBefore(b) - first.coveredBefore(a));
        }
        long covered = first.total - first.coveredBefore(a);
        for (int year = first.year + 1; year < last.year; year++) {
            covered += table(year).total;
        }
        return Duration.ofNanos(covered + last.coveredBefore(b));
    }

    /** The table of the local calendar year that contains {@code t}. */
    private YearTable tableAt(long t) {
        long epochDay = Math.floorDiv(Math.floorDiv(t, NANOS_PER_SECOND), 86_400L);
        YearTable table = table(LocalDate.ofEpochDay(epochDay).getYear());
        // The UTC year differs from the local year only within a day of New Year.
        if (t < table.start) {
            return table(table.year - 1);
        }
        if (t >= table.end) {
            return table(table.year + 1);
        }
        return table;
    }

    private YearTable table(int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IllegalArgumentException("year " + year + " is outside the supported range of business time");
        }
        YearTable table = years.get(year - MIN_YEAR);
        if (table == null) {
            // Two threads may build the same year; both results are equal, the first one stored wins.
            years.compareAndSet(year - MIN_YEAR, null, buildYear(year));
            table = years.get(year - MIN_YEAR);
        }
        return table;
    }

    /**
     * Covered spans of one local calendar year, clipped to [local New Year, next local New Year) so that the
     * tables of consecutive years never overlap; periods that start on the last day of the previous year and run
     * overnight are included for their part inside this year.
     */
    private YearTable buildYear(int year) {
        long yearStart = rawNanos(LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant());
        long yearEnd = rawNanos(LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant());
        List<long[]> spans = new ArrayList<>();
        for (LocalDate day = LocalDate.of(year - 1, 12, 31); day.getYear() <= year; day = day.plusDays(1)) {
            WorkingPeriod[] periods = periodsByDay[day.getDayOfWeek().ordinal()];
            if (periods.length == 0 || isHoliday(day)) {
                continue;
            }
            for (WorkingPeriod period : periods) {
                long start = rawNanos(ZonedDateTime.of(day, period.start(), zone).toInstant());
                LocalDate endDay = period.overnight() ? day.plusDays(1) : day;
                long end = rawNanos(ZonedDateTime.of(endDay, period.end(), zone).toInstant());
                start = Math.max(start, yearStart);
                end = Math.min(end, yearEnd);
                if (end > start) {
                    spans.add(new long[] {start, end});
                }
            }
        }
        spans.sort(Comparator.comparingLong(span -> span[0]));
        long[] starts = new long[spans.size()];
        long[] ends = new long[spans.size()];
        int count = 0;
        for (long[] span : spans) {
            if (count > 0 && span[0] <= ends[count - 1]) {
                ends[count - 1] = Math.max(ends[count - 1], span[1]);
            } else {
                starts[count] = span[0];
                ends[count] = span[1];
                count++;
            }
        }
        return new YearTable(year, yearStart, yearEnd, Arrays.copyOf(starts, count), Arrays.copyOf(ends, count));
    }

    private boolean isHoliday(LocalDate day) {
        for (Holiday holiday : source.holidays()) {
            if (holiday.fallsOn(day)) {
                return true;
            }
        }
        return false;
    }

    private static long nanosOf(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_EPOCH_SECOND || seconds >= MAX_EPOCH_SECOND) {
            throw new IllegalArgumentException(instant + " is outside the supported range of business time (1800 to 2200)");
        }
        return rawNanos(instant);
    }

    private static long rawNanos(Instant instant) {
        return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }

    private static long nanosOf(Duration amount) {
        try {
            return amount.toNanos();
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException("business time amount too large: " + amount, tooLong);
        }
    }

    private static Instant instantOf(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /**
     * Disjoint, sorted covered spans of one local year in epoch nanoseconds. Invariant: {@code coveredThrough[i]}
     * is the covered time from the year's start to {@code ends[i]}.
     */
    private static final class YearTable {
        final int year;
        final long start;
        final long end;
        final long[] starts;
        final long[] ends;
        final long[] coveredThrough;
        final long total;

        YearTable(int year, long start, long end, long[] starts, long[] ends) {
            this.year = year;
            this.start = start;
            this.end = end;
            this.starts = starts;
            this.ends = ends;
            this.coveredThrough = new long[starts.length];
            long sum = 0;
            for (int i = 0; i < starts.length; i++) {
                sum += ends[i] - starts[i];
                coveredThrough[i] = sum;
            }
            this.total = sum;
        }

        /** Covered time in [year start, t), for t inside this year. */
        long coveredBefore(long t) {
            int i = firstEndingAfter(t);
            if (i == ends.length) {
                return total;
            }
            long before = i == 0 ? 0 : coveredThrough[i - 1];
            return t > starts[i] ? before + (t - starts[i]) : before;
        }

        /** The earliest instant at which {@code covered} (in (0, total]) has elapsed since the year's start. */
        long instantAtCovered(long covered) {
            int low = 0;
            int high = coveredThrough.length - 1;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (coveredThrough[mid] >= covered) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return ends[low] - (coveredThrough[low] - covered);
        }

        private int firstEndingAfter(long t) {
            int low = 0;
            int high = ends.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (ends[mid] > t) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return low;
        }
    }
}
