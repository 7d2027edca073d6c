package io.steward.server.patching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a cycle's rest ring may follow its pilot ring: only after the pilot's runs all finished, {@code waitDays}
 * later, and only if the share of pilot devices whose install failed is at most {@code stopPercent} %; otherwise the
 * cycle stops for people to look (unless a person resumed it past the threshold). A pilot with no device to patch
 * failed nothing. Plain domain rule: the instant is the injected clock's.
 */
public final class RingGate {
    private final Clock clock;

    public RingGate(Clock clock) {
        this.clock = clock;
    }

    /** GO: start the next ring now; WAIT: not before {@code notBefore}; STOP: stop the cycle for {@code reason}. */
    public enum Kind { GO, WAIT, STOP }

    /** The decision, with the instant the next ring may start (null while the pilot still runs) and why it stops. */
    public record Decision(Kind kind, Instant notBefore, String reason) {
    }

    /** Whether {@code failed} of {@code devices} passes the threshold (strictly more than {@code stopPercent} %). */
    public static boolean tooManyFailed(int devices, int failed, int stopPercent) {
        if (devices < 0 || failed < 0 || failed > devices) {
            throw new IllegalArgumentException("0 <= failed <= devices");
        }
        // Integers, so that 1 of 5 at 20 % is exactly at the threshold, not above it by a rounding error.
        return (long) failed * 100 > (long) stopPercent * devices;
    }

    /**
     * @param pilotFinishedAt when the pilot's last run finished; null while some still run
     * @param overridden      a person resumed the cycle past the threshold
     */
    public Decision next(int devices, int failed, Instant pilotFinishedAt, int waitDays, int stopPercent, boolean overridden) {
        if (waitDays < 0 || stopPercent < 0 || stopPercent > 100) {
            throw new IllegalArgumentException("waitDays >= 0 and stopPercent 0 to 100");
        }
        if (pilotFinishedAt == null) {
            return new Decision(Kind.WAIT, null, null);
        }
        if (!overridden && tooManyFailed(devices, failed, stopPercent)) {
            return new Decision(Kind.STOP, null, "The pilot ring's installs failed on " + failed + " of " + devices + " device(s), more than "
                    + stopPercent + " %: the rest of the devices wait until a person resumes or cancels the cycle.");
        }
        Instant notBefore = pilotFinishedAt.plus(Duration.ofDays(waitDays));
        return clock.instant().isBefore(notBefore) ? new Decision(Kind.WAIT, notBefore, null) : new Decision(Kind.GO, notBefore, null);
    }
}
