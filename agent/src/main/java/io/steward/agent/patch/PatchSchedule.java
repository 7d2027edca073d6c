package io.steward.agent.patch;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import io.steward.protocol.patch.PatchMessages;

/**
 * When to scan: every {@code scanHours} of the server's plan (daily without one, as from an older server), at once
 * when the server asks for a scan after the last one ({@code scanRequestedAt}), and first thing when the agent
 * starts. A scheduled scan refreshes the metadata first only when the plan asks for it and the device's own settings
 * allow it; that refresh waits a random time up to {@code refreshJitterMinutes}, drawn once per due scan, so a fleet
 * does not reach its mirrors at the same minute. On-demand scans never refresh (someone wants to see now).
 */
public final class PatchSchedule {
    static final PatchMessages.ScanPlan DAILY = new PatchMessages.ScanPlan(24, 0, false, 0);
    private final boolean refreshAllowed;
    private final RandomGenerator random;
    private PatchMessages.ScanPlan plan = DAILY;
    private Instant lastScan;
    private Instant refreshAt;

    public PatchSchedule(boolean refreshAllowed, RandomGenerator random) {
        this.refreshAllowed = refreshAllowed;
        this.random = random;
    }

    /** What is due: scan now (with or without a refresh first), or nothing until {@code wake}. */
    public record Due(boolean scan, boolean refresh, Instant wake) {
    }

    /** The plan from the latest heartbeat answer; null (an older server) is the daily default. */
    public synchronized void apply(PatchMessages.ScanPlan next) {
        PatchMessages.ScanPlan p = next == null ? DAILY : next;
        if (p.scanHours() < 1 || p.refreshJitterMinutes() < 0) {
            p = new PatchMessages.ScanPlan(Math.max(1, p.scanHours()), p.scanRequestedAt(), p.refreshMetadata(), Math.max(0, p.refreshJitterMinutes()));
        }
        if (p.refreshMetadata() != plan.refreshMetadata() || p.refreshJitterMinutes() != plan.refreshJitterMinutes()) {
            refreshAt = null;
        }
        plan = p;
    }

    public synchronized Due due(Instant now) {
        if (lastScan != null && plan.scanRequestedAt() > lastScan.toEpochMilli()) {
            return new Due(true, false, now);
        }
        Instant scheduled = lastScan == null ? now : lastScan.plus(Duration.ofHours(plan.scanHours()));
        if (now.isBefore(scheduled)) {
            return new Due(false, false, scheduled);
        }
        if (!plan.refreshMetadata() || !refreshAllowed) {
            return new Due(true, false, now);
        }
        if (refreshAt == null) {
            long jitterSeconds = plan.refreshJitterMinutes() * 60L;
            refreshAt = now.plusSeconds(jitterSeconds == 0 ? 0 : random.nextLong(jitterSeconds + 1));
        }
        return now.isBefore(refreshAt) ? new Due(false, false, refreshAt) : new Due(true, true, now);
    }

    /** A scan ended at {@code at} (whatever started it): the next scheduled one counts from here. */
    public synchronized void scanned(Instant at) {
        lastScan = at;
        refreshAt = null;
    }

    synchronized PatchMessages.ScanPlan plan() {
        return plan;
    }
}
