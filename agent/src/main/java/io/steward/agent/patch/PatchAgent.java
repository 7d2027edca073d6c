package io.steward.agent.patch;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

import io.steward.protocol.patch.PatchMessages;

/**
 * The agent's patch side outside tasks: a thread of its own (scans and refreshes can take minutes, which must not hold
 * up heartbeats) that scans when {@link PatchSchedule} says and posts each scan through the agent's signed outbox.
 * Scans never overlap one another or an install ({@link #scanAndPost} and the installer share one lock).
 */
public final class PatchAgent {
    private static final Logger LOG = Logger.getLogger(PatchAgent.class.getName());
    private static final Duration LONGEST_SLEEP = Duration.ofMinutes(5);
    private final PatchScanner scanner;
    private final PatchSchedule schedule;
    private final Consumer<PatchMessages.Scan> post;
    private final Clock clock;
    private final Object lock = new Object();
    private final Object wakeUp = new Object();
    private volatile boolean stopped;
    private volatile PatchMessages.Scan lastScan;

    /** @param post sends a scan to the server (numbering it), e.g. through the outbox */
    public PatchAgent(PatchScanner scanner, PatchSchedule schedule, Consumer<PatchMessages.Scan> post, Clock clock) {
        this.scanner = scanner;
        this.schedule = schedule;
        this.post = post;
        this.clock = clock;
    }

    public PatchScanner scanner() {
        return scanner;
    }

    /** The plan from a heartbeat answer (null from older servers); an on-demand request wakes the thread at once. */
    public void applyPlan(PatchMessages.ScanPlan plan) {
        schedule.apply(plan);
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    public void start() {
        Thread t = new Thread(null, this::runForever, "steward-patch", 256 * 1024);
        t.setDaemon(true);
        t.start();
    }

    public void stop() {
        stopped = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void runForever() {
        while (!stopped) {
            PatchSchedule.Due due = schedule.due(clock.instant());
            if (due.scan()) {
                try {
                    PatchMessages.Scan s = scanAndPost(due.refresh());
                    LOG.info(() -> s.error() != null ? "patch scan failed: " + s.error()
                            : "patch scan: " + s.updates().size() + " updates, " + s.updates().stream().filter(u -> PatchMessages.SECURITY_YES.equals(u.security())).count()
                            + " security, in " + s.cost().wallMillis() + " ms");
                } catch (RuntimeException e) {
                    LOG.warning(() -> "patch scan could not be sent: " + e.getMessage());
                    schedule.scanned(clock.instant());
                }
                continue;
            }
            Duration sleep = Duration.between(clock.instant(), due.wake());
            if (sleep.compareTo(LONGEST_SLEEP) > 0) {
                sleep = LONGEST_SLEEP;
            }
            if (sleep.isPositive()) {
                synchronized (wakeUp) {
                    try {
                        wakeUp.wait(Math.max(1, sleep.toMillis()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Scans now (refreshing first if asked), counts it for the schedule and posts it; returns the scan. */
    public PatchMessages.Scan scanAndPost(boolean refresh) {
        synchronized (lock) {
            PatchMessages.Scan s = scanner.scan(refresh);
            schedule.scanned(clock.instant());
            lastScan = s;
            post.accept(s);
            return s;
        }
    }

    /** The latest scan this agent posted since it started (the security checks read it), null before the first. */
    public PatchMessages.Scan lastScan() {
        return lastScan;
    }

    /** Runs {@code work} while no scan runs (the installer: check, install, rescan). */
    public <T> T exclusive(java.util.function.Supplier<T> work) {
        synchronized (lock) {
            return work.get();
        }
    }

    /** A scan that is neither counted nor posted (the installer's check before it installs). */
    public PatchMessages.Scan scanOnly() {
        synchronized (lock) {
            return scanner.scan(false);
        }
    }
}
