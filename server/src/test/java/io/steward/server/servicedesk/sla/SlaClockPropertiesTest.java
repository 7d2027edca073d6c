package io.steward.server.servicedesk.sla;

import io.steward.server.contracts.BusinessTime;
import io.steward.server.contracts.CoverageCalendar;
import io.steward.server.contracts.TestCalendars;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Laws of the SLA clocks over random histories and calendars. */
class SlaClockPropertiesTest {
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    @Property(tries = 300)
    void elapsedAndPausedTimeNeverDecreaseAsNowGrows(@ForAll("calendars") CoverageCalendar cal, @ForAll("histories") List<SlaEvent> events,
                                                     @ForAll("offsets") Duration first, @ForAll("offsets") Duration later) {
        Instant opened = openedAt(events);
        SlaStatus earlier = SlaClock.evaluate(cal, events, opened.plus(first));
        SlaStatus after = SlaClock.evaluate(cal, events, opened.plus(first).plus(later));
        for (String clock : List.of("response", "resolution")) {
            ClockStatus a = clockOf(earlier, clock);
            ClockStatus b = clockOf(after, clock);
            assertThat(b.elapsed()).as(clock).isGreaterThanOrEqualTo(a.elapsed());
            assertThat(b.paused()).as(clock).isGreaterThanOrEqualTo(a.paused());
            if (a.breachedAt() != null) {
                assertThat(b.breachedAt()).as("a breach is never undone").isEqualTo(a.breachedAt());
            }
        }
        assertThat(after.timeline()).as("what happened stays in the timeline").containsAll(earlier.timeline());
    }

    /**
     * Found by the property below: a response at 00:23 meets a 23-minute target, and a 15-minute target set at that same
     * instant, after the response in the history's order, applies from then on without judging the stopped clock again.
     */
    @net.jqwik.api.Example
    void aTargetChangedAtTheInstantTheClockStoppedDoesNotJudgeItAgain() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<SlaEvent> events = List.of(
                new SlaEvent.Opened(t0, new SlaTargets(Duration.ofMinutes(15), Duration.ofHours(1), true)),
                new SlaEvent.TargetsChanged(t0, new SlaTargets(Duration.ofMinutes(23), Duration.ofHours(1), true)),
                new SlaEvent.WaitingOnClient(t0),
                new SlaEvent.FirstResponse(t0.plus(Duration.ofMinutes(23))),
                new SlaEvent.TargetsChanged(t0.plus(Duration.ofMinutes(23)), new SlaTargets(Duration.ofMinutes(15), Duration.ofHours(1), true)));
        statusesAreConsistent(new CoverageCalendar(ZoneId.of("Europe/Berlin"), List.of(), List.of(), true), events, Duration.ofMinutes(23));
    }

    @Property(tries = 300)
    void statusesAreConsistent(@ForAll("calendars") CoverageCalendar cal, @ForAll("histories") List<SlaEvent> events,
                               @ForAll("offsets") Duration age) {
        Instant opened = openedAt(events);
        Instant now = opened.plus(age);
        SlaStatus status = SlaClock.evaluate(cal, events, now);
        assertThat(status.openedAt()).isEqualTo(opened);
        for (ClockStatus clock : List.of(status.response(), status.resolution())) {
            if (clock.due() != null) {
                assertThat(clock.due()).isAfterOrEqualTo(opened);
            }
            assertThat(clock.elapsed()).isLessThanOrEqualTo(Duration.between(opened, now));
            assertThat(clock.breachedAt() != null).isEqualTo(clock.state() == ClockStatus.State.BREACHED);
            if (clock.state() == ClockStatus.State.MET) {
                assertThat(clock.stoppedAt()).isNotNull();
                // A change at the stop's own instant may come after the stop in the history's order: it is later too.
                boolean targetChangedSinceStop = events.stream().anyMatch(e -> e instanceof SlaEvent.TargetsChanged
                        && !e.at().isBefore(clock.stoppedAt()) && !e.at().isAfter(now));
                if (!targetChangedSinceStop) {
                    // A stopped clock takes a later target without being judged by it again.
                    assertThat(clock.elapsed()).isLessThanOrEqualTo(clock.target());
                }
            }
            if (clock.state() == ClockStatus.State.PAUSED) {
                assertThat(clock.due()).isNull();
            }
            if (clock.breachedAt() != null) {
                assertThat(clock.breachedAt()).isBetween(opened, now);
            }
            assertThat(clock.remaining()).isEqualTo(clock.elapsed().compareTo(clock.target()) < 0
                    ? clock.target().minus(clock.elapsed()) : Duration.ZERO);
        }
        assertThat(status.response().paused()).isZero();
        assertThat(status.timeline()).isSortedAccordingTo(Comparator.comparing(SlaTimelineEntry::at));
        assertThat(status.timeline()).allSatisfy(e -> assertThat(e.at()).isBetween(opened, now));
        Instant next = SlaClock.nextDeadline(status);
        if (next != null) {
            assertThat(next).isAfter(now);
        }
    }

    @Property(tries = 200)
    void aroundTheClockIsWallTime(@ForAll("zones") ZoneId zone, @ForAll("instants") Instant opened, @ForAll("offsets") Duration age,
                                  @ForAll("targets") SlaTargets targets) {
        Instant now = opened.plus(age);
        SlaStatus onAlwaysOn = SlaClock.evaluate(CoverageCalendar.always(zone), List.of(new SlaEvent.Opened(opened, targets)), now);
        assertThat(onAlwaysOn.resolution().elapsed()).isEqualTo(age);
        assertThat(onAlwaysOn.resolution().due()).isEqualTo(opened.plus(targets.resolution()));
        SlaTargets wall = new SlaTargets(targets.response(), targets.resolution(), true);
        SlaStatus onOffice = SlaClock.evaluate(TestCalendars.officeHours(zone), List.of(new SlaEvent.Opened(opened, wall)), now);
        assertThat(onOffice.response().elapsed()).isEqualTo(onAlwaysOn.response().elapsed());
        assertThat(onOffice.response().due()).isEqualTo(opened.plus(targets.response()));
    }

    @Property(tries = 300)
    void pausingShiftsTheResolutionDueInstantByTheCoveredTimeOfThePause(
            @ForAll("calendars") CoverageCalendar cal, @ForAll("instants") Instant opened, @ForAll("targets") SlaTargets targets,
            @ForAll("offsets") Duration untilPause, @ForAll("offsets") Duration pause) {
        Instant pausedAt = opened.plus(untilPause);
        Instant resumedAt = pausedAt.plus(pause);
        SlaStatus beforePause = SlaClock.evaluate(cal, List.of(new SlaEvent.Opened(opened, targets)), pausedAt);
        Assume.that(beforePause.resolution().elapsed().compareTo(targets.resolution()) < 0);
        SlaStatus afterResume = SlaClock.evaluate(cal, List.of(new SlaEvent.Opened(opened, targets),
                new SlaEvent.WaitingOnClient(pausedAt), new SlaEvent.Resumed(resumedAt)), resumedAt);
        BusinessTime time = targets.calendarTime() ? BusinessTime.wallClock() : BusinessTime.of(cal);
        Duration coveredPause = time.between(pausedAt, resumedAt);
        assertThat(afterResume.resolution().paused()).isEqualTo(coveredPause);
        assertThat(afterResume.resolution().due()).isEqualTo(time.add(beforePause.resolution().due(), coveredPause));
        assertThat(time.between(beforePause.resolution().due(), afterResume.resolution().due())).isEqualTo(coveredPause);
    }

    @Property(tries = 100)
    void theJvmDefaultZoneDoesNotMatter(@ForAll("calendars") CoverageCalendar cal, @ForAll("histories") List<SlaEvent> events,
                                        @ForAll("offsets") Duration age, @ForAll("zones") ZoneId otherDefault) {
        Instant now = openedAt(events).plus(age);
        CoverageCalendar copy = new CoverageCalendar(cal.zone(), cal.periods(), cal.holidays(), cal.alwaysOn());
        TimeZone saved = TimeZone.getDefault();
        SlaStatus underOther;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone(otherDefault));
            underOther = SlaClock.evaluate(copy, events, now);
        } finally {
            TimeZone.setDefault(saved);
        }
        assertThat(SlaClock.evaluate(cal, events, now)).isEqualTo(underOther);
    }

    @Property(tries = 100)
    void theOrderOfTheListDoesNotMatterForDistinctInstants(@ForAll("calendars") CoverageCalendar cal,
                                                           @ForAll("histories") List<SlaEvent> events, @ForAll("offsets") Duration age) {
        Assume.that(events.stream().map(SlaEvent::at).distinct().count() == events.size());
        List<SlaEvent> reversed = new ArrayList<>(events);
        java.util.Collections.reverse(reversed);
        Instant now = openedAt(events).plus(age);
        assertThat(SlaClock.evaluate(cal, reversed, now)).isEqualTo(SlaClock.evaluate(cal, events, now));
    }

    static Instant openedAt(List<SlaEvent> events) {
        return events.stream().filter(e -> e instanceof SlaEvent.Opened).map(SlaEvent::at).min(Comparator.naturalOrder()).orElseThrow();
    }

    static ClockStatus clockOf(SlaStatus status, String clock) {
        return clock.equals("response") ? status.response() : status.resolution();
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of("Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe").map(ZoneId::of);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, Duration.ofDays(365).toMinutes()).map(m -> BASE.plus(Duration.ofMinutes(m)));
    }

    @Provide
    Arbitrary<Duration> offsets() {
        return Arbitraries.longs().between(0, Duration.ofDays(6).toMinutes()).map(Duration::ofMinutes);
    }

    @Provide
    Arbitrary<SlaTargets> targets() {
        return Combinators.combine(
                Arbitraries.longs().between(15, 8 * 60).map(Duration::ofMinutes),
                Arbitraries.longs().between(60, 30 * 60).map(Duration::ofMinutes),
                Arbitraries.of(true, false, false)).as(SlaTargets::new);
    }

    @Provide
    Arbitrary<CoverageCalendar> calendars() {
        return Arbitraries.of(
                TestCalendars.berlinOfficeWithTenHolidays(),
                TestCalendars.everyDay(TestCalendars.NEW_YORK, "22:00", "06:00"),
                TestCalendars.everyDay(TestCalendars.BERLIN, "00:00", "00:00"),
                TestCalendars.officeHours(TestCalendars.NEW_YORK),
                CoverageCalendar.always(TestCalendars.BERLIN));
    }

    @Provide
    Arbitrary<List<SlaEvent>> histories() {
        Arbitrary<SlaEvent> later = Combinators.combine(
                Arbitraries.integers().between(0, 6),
                Arbitraries.longs().between(-120, Duration.ofDays(5).toMinutes()).map(Duration::ofMinutes),
                targets()).as((kind, offset, targets) -> laterEvent(kind, BASE.plus(offset), targets));
        return Combinators.combine(instants(), targets(), later.list().ofMaxSize(8)).as((opened, targets, rest) -> {
            List<SlaEvent> events = new ArrayList<>();
            Duration shift = Duration.between(BASE, opened);
            events.add(new SlaEvent.Opened(opened, targets));
            for (SlaEvent event : rest) {
                events.add(shifted(event, shift));
            }
            return events;
        });
    }

    /** kind 6 is a second Opened, which must be ignored. */
    static SlaEvent laterEvent(int kind, Instant at, SlaTargets targets) {
        return switch (kind) {
            case 0 -> new SlaEvent.TargetsChanged(at, targets);
            case 1 -> new SlaEvent.WaitingOnClient(at);
            case 2 -> new SlaEvent.Resumed(at);
            case 3 -> new SlaEvent.FirstResponse(at);
            case 4 -> new SlaEvent.Resolved(at);
            case 5 -> new SlaEvent.Reopened(at);
            default -> new SlaEvent.Opened(at.plus(Duration.ofMinutes(121)), targets);
        };
    }

    static SlaEvent shifted(SlaEvent event, Duration by) {
        Instant at = event.at().plus(by);
        return switch (event) {
            case SlaEvent.Opened o -> new SlaEvent.Opened(at, o.targets());
            case SlaEvent.TargetsChanged c -> new SlaEvent.TargetsChanged(at, c.targets());
            case SlaEvent.WaitingOnClient w -> new SlaEvent.WaitingOnClient(at);
            case SlaEvent.Resumed r -> new SlaEvent.Resumed(at);
            case SlaEvent.FirstResponse f -> new SlaEvent.FirstResponse(at);
            case SlaEvent.Resolved r -> new SlaEvent.Resolved(at);
            case SlaEvent.Reopened r -> new SlaEvent.Reopened(at);
        };
    }

    /** The warning threshold is computed without BigDecimal; it must equal Duration's own arithmetic to the nanosecond. */
    @Property(tries = 2000)
    void warnThresholdIsExactlyThreeQuartersOfTheTarget(@ForAll("anyTargets") Duration target) {
        assertThat(ClockTrack.warnThresholdOf(target)).isEqualTo(target.multipliedBy(3).dividedBy(4));
    }

    @Provide
    Arbitrary<Duration> anyTargets() {
        return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 4), Arbitraries.integers().between(0, 999_999_999))
                .as(Duration::ofSeconds);
    }
}
