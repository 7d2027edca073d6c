package io.steward.server.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a backup job meets its objectives at the clock's instant:
 * <ul>
 *   <li>{@link Breach#RPO}: its newest good restore point is older than the RPO, or it has none although it has been
 *       known for longer than the RPO;</li>
 *   <li>{@link Breach#MISSED}: it has a schedule and made no attempt within the schedule plus the grace (counted from
 *       when Steward first saw it while it never ran);</li>
 *   <li>{@link Breach#FAILURES}: its last {@code failuresAlert} or more attempts failed in a row.</li>
 * </ul>
 * A job whose agent stopped reporting keeps its last state and ages into a breach here.
 */
public final class RpoRule {
    private final Clock clock;

    public RpoRule(Clock clock) {
        this.clock = clock;
    }

    public enum Breach { RPO, MISSED, FAILURES }

    /** What the rule needs of a job. */
    public record Job(Instant firstSeenAt, Instant lastAttemptAt, Instant newestPointAt, int scheduleHours, int failuresInRow) {
    }

    /** The objectives in force for the job's device. */
    public record Objective(int rpoHours, int failuresAlert, int graceHours) {
    }

    /** The breaches (empty: the job meets its objectives) and one line per breach for people. */
    public record Verdict(List<Breach> breaches, List<String> reasons) {
        public boolean met() {
            return breaches.isEmpty();
        }
    }

    public Verdict judge(Job job, Objective o) {
        Instant now = clock.instant();
        List<Breach> breaches = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Duration rpo = Duration.ofHours(o.rpoHours());
        if (job.newestPointAt() == null) {
            if (Duration.between(job.firstSeenAt(), now).compareTo(rpo) > 0) {
                breaches.add(Breach.RPO);
                reasons.add("no restore point at all, " + hours(job.firstSeenAt(), now) + " h after the job was first reported (RPO " + o.rpoHours() + " h)");
            }
        } else if (!rpoMet(job.newestPointAt(), o.rpoHours())) {
            breaches.add(Breach.RPO);
            reasons.add("the newest restore point is " + hours(job.newestPointAt(), now) + " h old (RPO " + o.rpoHours() + " h)");
        }
        if (job.scheduleHours() > 0) {
            Instant last = job.lastAttemptAt() != null ? job.lastAttemptAt() : job.firstSeenAt();
            if (now.isAfter(last.plus(Duration.ofHours((long) job.scheduleHours() + o.graceHours())))) {
                breaches.add(Breach.MISSED);
                reasons.add("no attempt for " + hours(last, now) + " h although it runs every " + job.scheduleHours() + " h (grace " + o.graceHours() + " h)");
            }
        }
        if (job.failuresInRow() >= o.failuresAlert()) {
            breaches.add(Breach.FAILURES);
            reasons.add("the last " + job.failuresInRow() + " attempts failed (alert at " + o.failuresAlert() + ")");
        }
        return new Verdict(List.copyOf(breaches), List.copyOf(reasons));
    }

    /** A restore point taken at {@code pointAt} is within an RPO of {@code rpoHours} now (not older than it). */
    public boolean rpoMet(Instant pointAt, int rpoHours) {
        return pointAt != null && Duration.between(pointAt, clock.instant()).compareTo(Duration.ofHours(rpoHours)) <= 0;
    }

    /** Whole hours from {@code from} to now, never negative (an agent's clock may run ahead). */
    public long ageHours(Instant from) {
        return from == null ? -1 : hours(from, clock.instant());
    }

    private static long hours(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toHours());
    }
}
