package io.steward.server.servicedesk.sla;

import io.steward.server.contracts.BusinessTime;
import io.steward.server.contracts.CoverageCalendar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates a ticket's SLA event history into the state of its two clocks. A pure function: the same calendar,
 * events and {@code now} always give the same {@link SlaStatus}, so a status can be replayed and explained.
 *
 * <p>Rules:
 * <ul>
 *   <li>Events are taken in time order (a stable sort, so events at the same instant keep their list order).
 *       Events before the first {@link SlaEvent.Opened} and events after {@code now} are ignored; later
 *       {@code Opened} events are ignored too.</li>
 *   <li>Both clocks start at Opened and count covered time of the calendar, or wall time while the targets in
 *       force say {@code calendarTime}.</li>
 *   <li>Response stops at the first {@link SlaEvent.FirstResponse}, or at {@link SlaEvent.Resolved} if the ticket
 *       is resolved without one (resolving answers the client); waiting on the client does not pause it and a
 *       reopen does not restart it.</li>
 *   <li>Resolution pauses at {@link SlaEvent.WaitingOnClient} until {@link SlaEvent.Resumed}; covered time while
 *       paused is credited, not counted. It stops at Resolved and continues where it stopped at
 *       {@link SlaEvent.Reopened}; the time in between is neither counted nor credited. Events that do not apply
 *       in the clock's current state (resume while running, reopen while running, pause while stopped) are
 *       ignored.</li>
 *   <li>{@link SlaEvent.TargetsChanged} keeps elapsed and paused time and recomputes the due instants from the
 *       ticket's start with the new targets: the due instant is where the elapsed time, counted on the calendar
 *       that was in force during each stretch, reaches the new target. A clock already stopped only takes the
 *       new target (it matters if the ticket is reopened).</li>
 *   <li>A clock warns when its elapsed time reaches 75 % of the target and breaches when it reaches 100 % while
 *       the clock counts: a clock stopped exactly at its due instant is met, one still running at that instant
 *       is breached. If a tighter target puts the elapsed time over a threshold, the clock crosses it at the
 *       change. Warnings and breaches are recorded once and never undone, even if targets later loosen.</li>
 * </ul>
 */
public final class SlaClock {
    static final String RESPONSE = "response";
    static final String RESOLUTION = "resolution";

    private SlaClock() {
    }

    /**
     * @throws IllegalArgumentException if no {@code Opened} event happened at or before {@code now}, or the
     *                                  calendar offers no coverage within {@link BusinessTime#SEARCH_HORIZON_YEARS}
     */
    public static SlaStatus evaluate(CoverageCalendar calendar, List<SlaEvent> events, Instant now) {
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(now, "now");
        List<SlaEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(SlaEvent::at));
        int openedIndex = indexOfFirstOpened(ordered);
        SlaEvent.Opened opened = (SlaEvent.Opened) ordered.get(openedIndex);
        if (opened.at().isAfter(now)) {
            throw new IllegalArgumentException("the ticket was opened at " + opened.at() + ", after " + now);
        }
        BusinessTime business = BusinessTime.of(calendar);
        SlaTargets targets = opened.targets();
        List<SlaTimelineEntry> timeline = new ArrayList<>();
        ClockTrack response = new ClockTrack(RESPONSE, opened.at(), targets.response(), timeFor(targets, business),
                describe(targets.response(), targets), timeline);
        ClockTrack resolution = new ClockTrack(RESOLUTION, opened.at(), targets.resolution(), timeFor(targets, business),
                describe(targets.resolution(), targets), timeline);
        for (SlaEvent event : ordered.subList(openedIndex + 1, ordered.size())) {
            Instant at = event.at();
            if (at.isAfter(now)) {
                break;
            }
            switch (event) {
                case SlaEvent.Opened ignored -> {
                }
                case SlaEvent.TargetsChanged changed -> {
                    targets = changed.targets();
                    String how = targets.calendarTime() ? "calendar time" : "business time";
                    response.changeTarget(at, targets.response(), timeFor(targets, business), how);
                    resolution.changeTarget(at, targets.resolution(), timeFor(targets, business), how);
                }
                case SlaEvent.WaitingOnClient waiting -> resolution.pause(at);
                case SlaEvent.Resumed resumed -> resolution.resume(at);
                case SlaEvent.FirstResponse first -> response.stop(at, "first response");
                case SlaEvent.Resolved resolved -> {
                    response.stop(at, "resolved without a separate first response");
                    resolution.stop(at, "resolved");
                }
                case SlaEvent.Reopened reopened -> resolution.reopen(at);
            }
        }
        response.advanceTo(now, true);
        resolution.advanceTo(now, true);
        ClockStatus responseStatus = response.statusAt(now);
        ClockStatus resolutionStatus = resolution.statusAt(now);
        timeline.sort(Comparator.comparing(SlaTimelineEntry::at));
        return new SlaStatus(opened.at(), now, targets, responseStatus, resolutionStatus, timeline);
    }

    /**
     * The next instant after the evaluation at which a clock will warn or breach if nothing else happens, for a
     * scheduler to re-evaluate the ticket then; null if no clock is counting towards a threshold.
     */
    public static Instant nextDeadline(SlaStatus status) {
        Instant next = null;
        for (ClockStatus clock : List.of(status.response(), status.resolution())) {
            if (clock.stoppedAt() != null || clock.due() == null) {
                continue;
            }
            if (clock.warnAt() != null && clock.warnAt().isAfter(status.evaluatedAt())) {
                next = earlier(next, clock.warnAt());
            }
            if (clock.breachedAt() == null && clock.due().isAfter(status.evaluatedAt())) {
                next = earlier(next, clock.due());
            }
        }
        return next;
    }

    private static int indexOfFirstOpened(List<SlaEvent> ordered) {
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i) instanceof SlaEvent.Opened) {
                return i;
            }
        }
        throw new IllegalArgumentException("an SLA history needs an Opened event");
    }

    private static BusinessTime timeFor(SlaTargets targets, BusinessTime business) {
        return targets.calendarTime() ? BusinessTime.wallClock() : business;
    }

    private static String describe(java.time.Duration target, SlaTargets targets) {
        return "target " + target + (targets.calendarTime() ? " (calendar time)" : " (business time)");
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
