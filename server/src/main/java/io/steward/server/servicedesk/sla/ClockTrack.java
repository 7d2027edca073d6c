package io.steward.server.servicedesk.sla;

import io.steward.server.contracts.BusinessTime;
import io.steward.server.servicedesk.sla.SlaTimelineEntry.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The running account of one clock while {@link SlaClock} replays a history. Mutable, confined to one evaluation.
 *
 * <p>The clock is a sequence of segments: counting (running), paused, or stopped. Elapsed time is the covered
 * time of the counting segments, each measured on the calendar in force during it; paused time is the covered
 * time of the paused segments. A threshold (75 % warning, 100 % breach) is crossed at the first instant a
 * counting segment reaches it, or at the instant a target change puts the elapsed time at or over it.
 */
final class ClockTrack {
    private enum Mode { RUNNING, PAUSED, STOPPED }

    /** A closed counting segment, kept to locate the due instant after target changes. */
    private record Counted(Instant from, BusinessTime calendar, Duration covered) {
    }

    private final String name;
    private final List<SlaTimelineEntry> timeline;
    private final List<Counted> counted = new ArrayList<>();
    private Mode mode = Mode.RUNNING;
    private Duration target;
    /** 75 % of the target, kept with it: Duration division goes through BigDecimal, and replays ask for it per event. */
    private Duration warnThreshold;
    private BusinessTime calendar;
    private Instant segmentStart;
    private Duration elapsed = Duration.ZERO;
    private Duration paused = Duration.ZERO;
    private Instant lastCountedEnd;
    private Instant warnedAt;
    private Instant breachedAt;
    private Instant stoppedAt;

    ClockTrack(String name, Instant openedAt, Duration target, BusinessTime calendar, String note, List<SlaTimelineEntry> timeline) {
        this.name = name;
        this.timeline = timeline;
        this.target = target;
        this.warnThreshold = warnThresholdOf(target);
        this.calendar = calendar;
        this.segmentStart = openedAt;
        timeline.add(new SlaTimelineEntry(openedAt, name, Kind.STARTED, note));
    }

    void pause(Instant at) {
        advanceTo(at, false);
        if (mode == Mode.RUNNING) {
            closeSegment(at);
            mode = Mode.PAUSED;
            timeline.add(new SlaTimelineEntry(at, name, Kind.PAUSED, "waiting on client"));
        }
    }

    void resume(Instant at) {
        advanceTo(at, false);
        if (mode == Mode.PAUSED) {
            closeSegment(at);
            mode = Mode.RUNNING;
            timeline.add(new SlaTimelineEntry(at, name, Kind.RESUMED, "client answered"));
        }
    }

    void stop(Instant at, String why) {
        advanceTo(at, false);
        if (mode == Mode.STOPPED) {
            return;
        }
        closeSegment(at);
        mode = Mode.STOPPED;
        stoppedAt = at;
        timeline.add(breachedAt == null
                ? new SlaTimelineEntry(at, name, Kind.MET, why)
                : new SlaTimelineEntry(at, name, Kind.STOPPED, why + " after the breach"));
    }

    void reopen(Instant at) {
        advanceTo(at, false);
        if (mode == Mode.STOPPED) {
            mode = Mode.RUNNING;
            segmentStart = at;
            stoppedAt = null;
            timeline.add(new SlaTimelineEntry(at, name, Kind.REOPENED, "clock resumes at " + elapsed + " elapsed"));
        }
    }

    void changeTarget(Instant at, Duration newTarget, BusinessTime newCalendar, String how) {
        advanceTo(at, false);
        if (mode != Mode.STOPPED) {
            closeSegment(at);
        }
        timeline.add(new SlaTimelineEntry(at, name, Kind.TARGETS_CHANGED, "target " + target + " -> " + newTarget + " (" + how + ")"));
        target = newTarget;
        warnThreshold = warnThresholdOf(newTarget);
        calendar = newCalendar;
        if (mode != Mode.STOPPED) {
            // Tightened targets can put a ticket over a threshold at once; it crossed it now, not in the past.
            if (warnedAt == null && elapsed.compareTo(warnThreshold()) >= 0) {
                warn(at);
            }
            if (breachedAt == null && elapsed.compareTo(target) >= 0) {
                breach(at);
            }
        }
    }

    /** Records the thresholds a counting segment crossed before {@code until} (or at it, if {@code inclusive}). */
    void advanceTo(Instant until, boolean inclusive) {
        if (mode != Mode.RUNNING) {
            return;
        }
        if (warnedAt == null) {
            Instant crossing = crossing(warnThreshold());
            if (crossing.isBefore(until) || inclusive && crossing.equals(until)) {
                warn(crossing);
            }
        }
        if (breachedAt == null) {
            Instant crossing = crossing(target);
            if (crossing.isBefore(until) || inclusive && crossing.equals(until)) {
                breach(crossing);
            }
        }
    }

    /** The state as of {@code now}; call after {@code advanceTo(now, true)}. */
    ClockStatus statusAt(Instant now) {
        Duration elapsedNow = mode == Mode.RUNNING ? elapsed.plus(calendar.between(segmentStart, now)) : elapsed;
        Duration pausedNow = mode == Mode.PAUSED ? paused.plus(calendar.between(segmentStart, now)) : paused;
        Duration remaining = target.compareTo(elapsedNow) > 0 ? target.minus(elapsedNow) : Duration.ZERO;
        Instant warnAt = warnedAt != null ? warnedAt : mode == Mode.RUNNING ? crossing(warnThreshold()) : null;
        ClockStatus.State state = breachedAt != null ? ClockStatus.State.BREACHED
                : switch (mode) {
                    case RUNNING -> ClockStatus.State.RUNNING;
                    case PAUSED -> ClockStatus.State.PAUSED;
                    case STOPPED -> ClockStatus.State.MET;
                };
        return new ClockStatus(target, mode == Mode.PAUSED ? null : due(), remaining, elapsedNow, pausedNow, state,
                warnAt, breachedAt, stoppedAt);
    }

    Instant breachedAt() {
        return breachedAt;
    }

    /**
     * Where the elapsed time reaches the target, walking the history from the ticket's start with the current
     * target; past the recorded segments, projected from where the clock last counted.
     */
    private Instant due() {
        Duration before = Duration.ZERO;
        for (Counted segment : counted) {
            Duration through = before.plus(segment.covered());
            if (through.compareTo(target) >= 0) {
                return segment.calendar().add(segment.from(), target.minus(before));
            }
            before = through;
        }
        Instant from = mode == Mode.RUNNING ? segmentStart : lastCountedEnd;
        return calendar.add(from, target.minus(before));
    }

    private Instant crossing(Duration threshold) {
        return elapsed.compareTo(threshold) >= 0 ? segmentStart : calendar.add(segmentStart, threshold.minus(elapsed));
    }

    private Duration warnThreshold() {
        return warnThreshold;
    }

    /** Three quarters of {@code target}, truncated to the nanosecond like {@code multipliedBy(3).dividedBy(4)}, without BigDecimal. */
    static Duration warnThresholdOf(Duration target) {
        if (target.isNegative() || target.getSeconds() > Long.MAX_VALUE / 4) {
            return target.multipliedBy(3).dividedBy(4);
        }
        long seconds = target.getSeconds() * 3;
        long nanos = (seconds % 4) * 1_000_000_000L + target.getNano() * 3L;
        return Duration.ofSeconds(seconds / 4, nanos / 4);
    }

    private void warn(Instant at) {
        warnedAt = at;
        timeline.add(new SlaTimelineEntry(at, name, Kind.WARNED, "75 % of " + target));
    }

    private void breach(Instant at) {
        breachedAt = at;
        timeline.add(new SlaTimelineEntry(at, name, Kind.BREACHED, "target " + target + " reached"));
    }

    private void closeSegment(Instant at) {
        Duration covered = calendar.between(segmentStart, at);
        if (mode == Mode.RUNNING) {
            counted.add(new Counted(segmentStart, calendar, covered));
            elapsed = elapsed.plus(covered);
            lastCountedEnd = at;
        } else if (mode == Mode.PAUSED) {
            paused = paused.plus(covered);
        }
        segmentStart = at;
    }
}
