package io.steward.server.servicedesk.sla;

import io.steward.server.contracts.CoverageCalendar;
import io.steward.server.contracts.Holiday;
import io.steward.server.servicedesk.sla.ClockStatus.State;
import io.steward.server.servicedesk.sla.SlaEvent.FirstResponse;
import io.steward.server.servicedesk.sla.SlaEvent.Opened;
import io.steward.server.servicedesk.sla.SlaEvent.Reopened;
import io.steward.server.servicedesk.sla.SlaEvent.Resolved;
import io.steward.server.servicedesk.sla.SlaEvent.Resumed;
import io.steward.server.servicedesk.sla.SlaEvent.TargetsChanged;
import io.steward.server.servicedesk.sla.SlaEvent.WaitingOnClient;
import io.steward.server.servicedesk.sla.SlaTimelineEntry.Kind;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.steward.server.contracts.TestCalendars.BERLIN;
import static io.steward.server.contracts.TestCalendars.NEW_YORK;
import static io.steward.server.contracts.TestCalendars.everyDay;
import static io.steward.server.contracts.TestCalendars.officeHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Worked examples on Berlin office hours (Mon–Fri 08:00–18:00); 2026-03-02 is a Monday. */
class SlaClockTest {
    static final CoverageCalendar OFFICE = officeHours(BERLIN, Holiday.once("Staff day", LocalDate.of(2026, 3, 17)));
    static final SlaTargets P3 = SlaTargets.business(Duration.ofHours(4), Duration.ofHours(16));

    static Instant at(String local) {
        return io.steward.server.contracts.TestCalendars.at(BERLIN, local);
    }

    static SlaTargets targets(long responseHours, long resolutionHours) {
        return SlaTargets.business(Duration.ofHours(responseHours), Duration.ofHours(resolutionHours));
    }

    @Test
    void openedAtFourPmWithAFourHourTargetIsDueAtTenTheNextWorkingDay() {
        SlaStatus status = SlaClock.evaluate(OFFICE, List.of(new Opened(at("2026-03-03T16:00"), P3)), at("2026-03-03T17:00"));
        ClockStatus response = status.response();
        assertThat(response.due()).isEqualTo(at("2026-03-04T10:00"));
        assertThat(response.state()).isEqualTo(State.RUNNING);
        assertThat(response.elapsed()).isEqualTo(Duration.ofHours(1));
        assertThat(response.remaining()).isEqualTo(Duration.ofHours(3));
        assertThat(response.warnAt()).isEqualTo(at("2026-03-04T09:00"));
        assertThat(response.breachedAt()).isNull();
        assertThat(status.resolution().due()).as("2 h + 10 h + 4 h").isEqualTo(at("2026-03-05T12:00"));
        assertThat(SlaClock.nextDeadline(status)).isEqualTo(at("2026-03-04T09:00"));
    }

    @Test
    void openedOnASaturdayCountsFromMonday() {
        SlaStatus status = SlaClock.evaluate(OFFICE, List.of(new Opened(at("2026-03-07T10:00"), targets(1, 8))), at("2026-03-08T12:00"));
        assertThat(status.response().due()).isEqualTo(at("2026-03-09T09:00"));
        assertThat(status.response().elapsed()).isZero();
        assertThat(status.resolution().due()).isEqualTo(at("2026-03-09T16:00"));
    }

    @Test
    void openedOnAHolidayCountsFromTheNextWorkingDay() {
        SlaStatus status = SlaClock.evaluate(OFFICE, List.of(new Opened(at("2026-03-17T09:30"), targets(2, 8))), at("2026-03-17T12:00"));
        assertThat(status.response().due()).isEqualTo(at("2026-03-18T10:00"));
        assertThat(status.resolution().due()).isEqualTo(at("2026-03-18T16:00"));
    }

    @Test
    void calendarTimeTargetsRunAroundTheClock() {
        SlaTargets p1 = SlaTargets.aroundTheClock(Duration.ofHours(1), Duration.ofHours(4));
        SlaStatus status = SlaClock.evaluate(OFFICE, List.of(new Opened(at("2026-03-07T10:00"), p1)), at("2026-03-07T12:00"));
        assertThat(status.response().due()).isEqualTo(at("2026-03-07T11:00"));
        assertThat(status.response().state()).isEqualTo(State.BREACHED);
        assertThat(status.resolution().elapsed()).isEqualTo(Duration.ofHours(2));
        assertThat(status.resolution().due()).isEqualTo(at("2026-03-07T14:00"));
    }

    @Test
    void springForwardShortensAnOvernightDeskInBerlin() {
        CoverageCalendar nights = everyDay(BERLIN, "22:00", "06:00");
        SlaStatus status = SlaClock.evaluate(nights, List.of(new Opened(at("2026-03-28T23:00"), targets(4, 12))), at("2026-03-28T23:30"));
        assertThat(status.response().due()).as("02:00-03:00 does not exist").isEqualTo(at("2026-03-29T04:00"));
        assertThat(status.resolution().due()).as("6 h the first night, 6 h the next").isEqualTo(at("2026-03-30T04:00"));
    }

    @Test
    void fallBackLengthensAnOvernightDeskInNewYork() {
        CoverageCalendar nights = everyDay(NEW_YORK, "22:00", "06:00");
        Instant opened = io.steward.server.contracts.TestCalendars.at(NEW_YORK, "2026-10-31T22:00");
        SlaStatus status = SlaClock.evaluate(nights, List.of(new Opened(opened, targets(8, 9))),
                io.steward.server.contracts.TestCalendars.at(NEW_YORK, "2026-11-01T05:30"));
        assertThat(status.response().due()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z")).as("05:00 EST");
        assertThat(status.response().elapsed()).isEqualTo(Duration.ofHours(8).plusMinutes(30));
        assertThat(status.response().breachedAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(status.resolution().due()).as("the whole 9 h night").isEqualTo(Instant.parse("2026-11-01T11:00:00Z"));
        assertThat(status.resolution().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void aPauseOverTheWeekendCreditsOnlyCoveredTime() {
        List<SlaEvent> events = List.of(
                new Opened(at("2026-03-06T09:00"), P3),
                new WaitingOnClient(at("2026-03-06T15:00")),
                new Resumed(at("2026-03-09T12:00")));
        SlaStatus waiting = SlaClock.evaluate(OFFICE, events, at("2026-03-09T10:00"));
        assertThat(waiting.resolution().state()).isEqualTo(State.PAUSED);
        assertThat(waiting.resolution().due()).isNull();
        assertThat(waiting.resolution().remaining()).isEqualTo(Duration.ofHours(10));
        assertThat(waiting.resolution().paused()).isEqualTo(Duration.ofHours(5));
        assertThat(waiting.response().state()).as("waiting does not pause the response clock").isEqualTo(State.BREACHED);

        SlaStatus resumed = SlaClock.evaluate(OFFICE, events, at("2026-03-09T13:00"));
        assertThat(resumed.resolution().paused()).isEqualTo(Duration.ofHours(7));
        assertThat(resumed.resolution().elapsed()).isEqualTo(Duration.ofHours(7));
        assertThat(resumed.resolution().due()).isEqualTo(at("2026-03-10T12:00"));
        assertThat(resumed.timeline()).extracting(SlaTimelineEntry::kind).contains(Kind.PAUSED, Kind.RESUMED);
    }

    @Test
    void aPriorityChangeKeepsElapsedTimeAndRecomputesFromTheStart() {
        List<SlaEvent> events = List.of(
                new Opened(at("2026-03-03T09:00"), targets(4, 16)),
                new FirstResponse(at("2026-03-03T10:00")),
                new WaitingOnClient(at("2026-03-03T11:00")),
                new Resumed(at("2026-03-03T12:00")),
                new TargetsChanged(at("2026-03-03T13:00"), targets(2, 8)));
        SlaStatus status = SlaClock.evaluate(OFFICE, events, at("2026-03-03T13:30"));
        ClockStatus resolution = status.resolution();
        assertThat(resolution.target()).isEqualTo(Duration.ofHours(8));
        assertThat(resolution.elapsed()).isEqualTo(Duration.ofHours(3).plusMinutes(30));
        assertThat(resolution.paused()).isEqualTo(Duration.ofHours(1));
        assertThat(resolution.due()).as("09:00 + 8 h + 1 h paused").isEqualTo(at("2026-03-03T18:00"));
        assertThat(resolution.warnAt()).isEqualTo(at("2026-03-03T16:00"));
        assertThat(status.response().state()).isEqualTo(State.MET);
        assertThat(status.response().target()).isEqualTo(Duration.ofHours(2));
        assertThat(status.targets()).isEqualTo(targets(2, 8));
        assertThat(status.timeline()).filteredOn(e -> e.kind() == Kind.TARGETS_CHANGED).hasSize(2);
    }

    @Test
    void aTighterTargetAlreadyExceededBreachesAtTheChange() {
        List<SlaEvent> events = List.of(
                new Opened(at("2026-03-03T09:00"), targets(8, 16)),
                new TargetsChanged(at("2026-03-03T14:00"), SlaTargets.aroundTheClock(Duration.ofHours(1), Duration.ofHours(4))));
        SlaStatus status = SlaClock.evaluate(OFFICE, events, at("2026-03-03T14:00"));
        assertThat(status.resolution().breachedAt()).isEqualTo(at("2026-03-03T14:00"));
        assertThat(status.resolution().due()).as("the instant 4 h had elapsed").isEqualTo(at("2026-03-03T13:00"));
        assertThat(status.response().breachedAt()).isEqualTo(at("2026-03-03T14:00"));
        assertThat(status.resolution().state()).isEqualTo(State.BREACHED);
    }

    @Test
    void aBreachStaysRecordedAfterTargetsLoosen() {
        List<SlaEvent> events = List.of(
                new Opened(at("2026-03-03T09:00"), targets(1, 16)),
                new TargetsChanged(at("2026-03-03T10:30"), targets(4, 16)),
                new FirstResponse(at("2026-03-03T11:00")));
        SlaStatus status = SlaClock.evaluate(OFFICE, events, at("2026-03-03T12:00"));
        ClockStatus response = status.response();
        assertThat(response.breachedAt()).isEqualTo(at("2026-03-03T10:00"));
        assertThat(response.state()).isEqualTo(State.BREACHED);
        assertThat(response.due()).isEqualTo(at("2026-03-03T13:00"));
        assertThat(response.stoppedAt()).isEqualTo(at("2026-03-03T11:00"));
        assertThat(status.timeline()).filteredOn(e -> e.clock().equals("response")).extracting(SlaTimelineEntry::kind)
                .containsExactly(Kind.STARTED, Kind.WARNED, Kind.BREACHED, Kind.TARGETS_CHANGED, Kind.STOPPED);
    }

    @Test
    void reopeningResumesTheResolutionClockWhereItStopped() {
        List<SlaEvent> events = List.of(
                new Opened(at("2026-03-03T09:00"), targets(1, 8)),
                new FirstResponse(at("2026-03-03T09:30")),
                new Resolved(at("2026-03-03T12:00")),
                new Reopened(at("2026-03-04T10:00")));
        SlaStatus resolved = SlaClock.evaluate(OFFICE, events, at("2026-03-04T09:00"));
        assertThat(resolved.resolution().state()).isEqualTo(State.MET);
        assertThat(resolved.resolution().stoppedAt()).isEqualTo(at("2026-03-03T12:00"));
        assertThat(SlaClock.nextDeadline(resolved)).isNull();

        SlaStatus reopened = SlaClock.evaluate(OFFICE, events, at("2026-03-04T11:00"));
        assertThat(reopened.resolution().state()).isEqualTo(State.RUNNING);
        assertThat(reopened.resolution().elapsed()).isEqualTo(Duration.ofHours(4));
        assertThat(reopened.resolution().due()).isEqualTo(at("2026-03-04T15:00"));
        assertThat(reopened.resolution().stoppedAt()).isNull();
        assertThat(reopened.response().state()).as("response is not restarted").isEqualTo(State.MET);
        assertThat(SlaClock.nextDeadline(reopened)).isEqualTo(at("2026-03-04T13:00"));
        assertThat(reopened.timeline()).extracting(SlaTimelineEntry::kind).containsSubsequence(Kind.MET, Kind.REOPENED);
    }

    @Test
    void theTimelineListsPassedWarningsAndBreachesInTimeOrder() {
        SlaStatus status = SlaClock.evaluate(OFFICE, List.of(new Opened(at("2026-03-03T09:00"), targets(1, 4))), at("2026-03-03T14:00"));
        assertThat(status.timeline()).extracting(SlaTimelineEntry::at, SlaTimelineEntry::clock, SlaTimelineEntry::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-03T09:00"), "response", Kind.STARTED),
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-03T09:00"), "resolution", Kind.STARTED),
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-03T09:45"), "response", Kind.WARNED),
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-03T10:00"), "response", Kind.BREACHED),
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-03T12:00"), "resolution", Kind.WARNED),
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-03T13:00"), "resolution", Kind.BREACHED));
        assertThat(SlaClock.nextDeadline(status)).isNull();
    }

    @Test
    void stoppingExactlyAtTheDueInstantMeetsTheTarget() {
        List<SlaEvent> events = List.of(new Opened(at("2026-03-03T09:00"), targets(1, 4)), new FirstResponse(at("2026-03-03T10:00")));
        assertThat(SlaClock.evaluate(OFFICE, events, at("2026-03-03T10:00")).response().state()).isEqualTo(State.MET);
        SlaStatus running = SlaClock.evaluate(OFFICE, events.subList(0, 1), at("2026-03-03T10:00"));
        assertThat(running.response().state()).isEqualTo(State.BREACHED);
        assertThat(running.response().breachedAt()).isEqualTo(at("2026-03-03T10:00"));
    }

    @Test
    void eventsAreSortedAndThoseBeforeOpenedOrAfterNowIgnored() {
        List<SlaEvent> events = List.of(
                new FirstResponse(at("2026-03-03T10:00")),
                new Resolved(at("2026-03-03T08:00")),
                new Opened(at("2026-03-03T09:00"), targets(2, 8)),
                new Resolved(at("2026-03-03T16:00")));
        SlaStatus status = SlaClock.evaluate(OFFICE, events, at("2026-03-03T12:00"));
        assertThat(status.response().state()).isEqualTo(State.MET);
        assertThat(status.response().elapsed()).isEqualTo(Duration.ofHours(1));
        assertThat(status.resolution().state()).as("the resolution at 16:00 has not happened yet").isEqualTo(State.RUNNING);
        assertThat(status.resolution().elapsed()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aHistoryWithoutOpenedIsRefused() {
        assertThatThrownBy(() -> SlaClock.evaluate(OFFICE, List.of(new FirstResponse(at("2026-03-03T10:00"))), at("2026-03-03T12:00")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Opened");
        assertThatThrownBy(() -> SlaClock.evaluate(OFFICE, List.of(new Opened(at("2026-03-03T10:00"), P3)), at("2026-03-03T09:00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> targets(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
