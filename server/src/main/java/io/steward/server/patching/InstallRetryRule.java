package io.steward.server.patching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What to do about a package version that failed to install on a device: retry now, wait, give up (an incident), or
 * nothing (its last failure was acted on already). The policy's {@code installRetries} (0 to 5) bounds the retries:
 * with {@code n} retries, the first install and {@code n} retries may fail, and the failure after them gives up.
 *
 * <p>Retries wait {@link #backoff(int)} after the failure they answer: 1 hour, then 4, then 16, at most 24 hours. The
 * first wait is short because most install failures are passing (the package mirror mid-sync, the dpkg lock held by an
 * unattended upgrade, a full disk cleaned by log rotation); each further one is four times longer so a failure that
 * stays is not hammered into the device; the cap keeps the five retries the policy allows within about three days,
 * well inside the shortest security deadline people set (a week), so the incident comes while there is time to act.
 * Retries that people must request (updates they approved) wait for no one: the offer is the retry, and people choose
 * when to request it.
 */
public final class InstallRetryRule {
    /** The longest wait between two retries. */
    public static final Duration MAX_BACKOFF = Duration.ofHours(24);
    private static final Duration FIRST_BACKOFF = Duration.ofHours(1);

    /** What the rule decided; {@code at} is when a waiting retry is due (null otherwise). */
    public record Decision(Kind kind, Instant at) {
    }

    public enum Kind { RETRY_NOW, WAIT, GIVE_UP, NOTHING }

    private final Clock clock;

    public InstallRetryRule(Clock clock) {
        this.clock = clock;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): 1 h × 4^(retry-1), at most {@link #MAX_BACKOFF}.
     */
    public static Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1");
        }
        Duration d = FIRST_BACKOFF;
        for (int i = 1; i < retry && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(4);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /**
     * @param failures       failed attempts so far (the first install and the retries; at least 1)
     * @param lastFailedAt   when the last of them failed
     * @param handled        whether the last failure was acted on already (a retry started or offered, or given up)
     * @param installRetries the policy's retries (0 to 5)
     * @param automatic      whether Steward retries by itself (security updates under the standard change); false when
     *                       people request the retry, which then is offered at once
     */
    public Decision decide(int failures, Instant lastFailedAt, boolean handled, int installRetries, boolean automatic) {
        if (failures < 1 || installRetries < 0) {
            throw new IllegalArgumentException("failures from 1, retries from 0");
        }
        if (handled) {
            return new Decision(Kind.NOTHING, null);
        }
        if (failures > installRetries) {
            return new Decision(Kind.GIVE_UP, null);
        }
        if (!automatic) {
            return new Decision(Kind.RETRY_NOW, null);
        }
        Instant due = lastFailedAt.plus(backoff(failures));
        return clock.instant().isBefore(due) ? new Decision(Kind.WAIT, due) : new Decision(Kind.RETRY_NOW, null);
    }
}
