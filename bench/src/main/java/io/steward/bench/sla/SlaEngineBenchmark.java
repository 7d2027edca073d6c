package io.steward.bench.sla;

import io.steward.server.contracts.BusinessTime;
import io.steward.server.contracts.CoverageCalendar;
import io.steward.server.contracts.Holiday;
import io.steward.server.contracts.WorkingPeriod;
import io.steward.server.servicedesk.sla.SlaClock;
import io.steward.server.servicedesk.sla.SlaEvent;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.servicedesk.sla.SlaTargets;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Shape E: due-instant computations per second on one core for Mon–Fri 08:00–18:00 Europe/Berlin with ten
 * holidays, random starts over 2026 and targets from 15 minutes to 3 business days (30 h); and full SLA
 * evaluations of a six-event ticket history. Inputs are precomputed; each operation only indexes them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SlaEngineBenchmark {
    private static final int SIZE = 1 << 12;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private CoverageCalendar calendar;
    private BusinessTime compiled;
    private final Instant[] starts = new Instant[SIZE];
    private final Duration[] targets = new Duration[SIZE];
    private final List<List<SlaEvent>> histories = new ArrayList<>(SIZE);
    private final Instant[] evaluatedAt = new Instant[SIZE];
    private int next;

    @Setup
    public void setUp() {
        List<WorkingPeriod> periods = new ArrayList<>();
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            periods.add(new WorkingPeriod(day, LocalTime.of(8, 0), LocalTime.of(18, 0)));
        }
        calendar = new CoverageCalendar(BERLIN, periods, List.of(
                Holiday.yearly("New Year", MonthDay.of(1, 1)),
                Holiday.once("Good Friday", LocalDate.of(2026, 4, 3)),
                Holiday.once("Easter Monday", LocalDate.of(2026, 4, 6)),
                Holiday.yearly("Labour Day", MonthDay.of(5, 1)),
                Holiday.once("Ascension", LocalDate.of(2026, 5, 14)),
                Holiday.once("Whit Monday", LocalDate.of(2026, 5, 25)),
                Holiday.yearly("Unity Day", MonthDay.of(10, 3)),
                Holiday.yearly("Christmas Eve", MonthDay.of(12, 24)),
                Holiday.yearly("Christmas", MonthDay.of(12, 25)),
                Holiday.yearly("Boxing Day", MonthDay.of(12, 26))), false);
        compiled = BusinessTime.of(calendar);
        SplittableRandom random = new SplittableRandom(20260301L);
        long yearStart = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
        long yearSeconds = Duration.ofDays(365).toSeconds();
        for (int i = 0; i < SIZE; i++) {
            starts[i] = Instant.ofEpochSecond(yearStart + random.nextLong(yearSeconds));
            targets[i] = Duration.ofMinutes(15 + random.nextLong(30 * 60 - 15 + 1));
            Instant opened = starts[i];
            Instant firstResponse = opened.plus(Duration.ofMinutes(5 + random.nextInt(240)));
            Instant waiting = firstResponse.plus(Duration.ofMinutes(30 + random.nextInt(600)));
            Instant resumed = waiting.plus(Duration.ofMinutes(60 + random.nextInt(4000)));
            Instant changed = resumed.plus(Duration.ofMinutes(10 + random.nextInt(600)));
            Instant resolved = changed.plus(Duration.ofMinutes(10 + random.nextInt(2000)));
            histories.add(List.of(
                    new SlaEvent.Opened(opened, SlaTargets.business(Duration.ofHours(4), Duration.ofHours(24))),
                    new SlaEvent.FirstResponse(firstResponse),
                    new SlaEvent.WaitingOnClient(waiting),
                    new SlaEvent.Resumed(resumed),
                    new SlaEvent.TargetsChanged(changed, SlaTargets.business(Duration.ofHours(2), Duration.ofHours(8))),
                    new SlaEvent.Resolved(resolved)));
            // Half are evaluated while the ticket is still open, half after it was resolved.
            evaluatedAt[i] = random.nextBoolean() ? changed.plus(Duration.ofMinutes(5)) : resolved.plus(Duration.ofHours(1));
        }
    }

    /** The static API, as callers that hold only a calendar use it. */
    @Benchmark
    public Instant addBusinessTime() {
        int i = next++ & (SIZE - 1);
        return BusinessTime.addBusinessTime(calendar, starts[i], targets[i]);
    }

    /** The compiled calendar held by the caller. */
    @Benchmark
    public Instant addBusinessTimeCompiled() {
        int i = next++ & (SIZE - 1);
        return compiled.add(starts[i], targets[i]);
    }

    @Benchmark
    public Duration businessTimeBetween() {
        int i = next++ & (SIZE - 1);
        return compiled.between(starts[i], starts[(i + 1) & (SIZE - 1)]);
    }

    @Benchmark
    public SlaStatus evaluateSixEventHistory() {
        int i = next++ & (SIZE - 1);
        return SlaClock.evaluate(calendar, histories.get(i), evaluatedAt[i]);
    }
}
