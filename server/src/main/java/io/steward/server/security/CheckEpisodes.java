package io.steward.server.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import io.steward.protocol.security.SecurityCheckMessages;

/**
 * Decides a check's history on one device, one result at a time: a pure function of the previous state and the result,
 * with the server's receipt time from the injected clock.
 *
 * <ul>
 *   <li>A {@code fail} with no episode open opens one. {@code detectedAt} is the receipt of that first failing result
 *       (the server's clock). {@code beganAt} is the latest instant the failure can be said to have begun from what is
 *       known: the evidence's own time ({@code observedAt}) when the agent gives one, but never before the last passing
 *       evaluation (the check passed then, so it began later); without it, the last passing evaluation (the last moment
 *       the state was known good: MTTD is then an upper bound, the time the failure may have gone unseen); when the
 *       check never passed on this device, the failing evaluation itself (nothing earlier is known). It is never after
 *       the failing evaluation nor after {@code detectedAt}.</li>
 *   <li>A further {@code fail} keeps the episode open (its evidence is kept as the latest).</li>
 *   <li>A {@code pass} closes the open episode: {@code fixedAt} is the passing evaluation's time, kept between
 *       {@code detectedAt} and its receipt (an agent's clock ahead or behind never makes time run backwards).</li>
 *   <li>An {@code unknown} changes nothing of the history: it neither opens nor closes an episode, nor is it a pass (the
 *       check could not tell; a failure seen after it still dates back to the last pass).</li>
 *   <li>A result evaluated no later than the stored one (delivered late from the agent's spool) is stale and ignored.</li>
 * </ul>
 */
public final class CheckEpisodes {

    /** Where an episode's {@code beganAt} comes from. */
    public enum BeganFrom {
        EVIDENCE, LAST_PASS, FIRST_FAIL;

        /** As stored: {@code evidence}, {@code last-pass}, {@code first-fail}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static BeganFrom ofCode(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /** The open episode: when the failure began and when Steward detected it. */
    public record Open(Instant beganAt, BeganFrom beganFrom, Instant detectedAt) {
        public Open {
            Objects.requireNonNull(beganAt);
            Objects.requireNonNull(beganFrom);
            Objects.requireNonNull(detectedAt);
        }
    }

    /**
     * What is known of a check on a device.
     *
     * @param status      the latest status
     * @param evaluatedAt the latest evaluation (agent's clock)
     * @param lastPassAt  the latest passing evaluation; null when it never passed
     * @param open        the open episode; null when none
     */
    public record State(String status, Instant evaluatedAt, Instant lastPassAt, Open open) {
    }

    /** What a result did to the history. */
    public enum Change {
        /** Nothing (a pass with no episode open, any unknown). */
        NONE,
        /** Ignored: not newer than what is stored. */
        STALE,
        /** A new episode. */
        OPENED,
        /** The open episode goes on. */
        STILL_FAILING,
        /** The open episode ended at {@link Step#fixedAt()}. */
        CLOSED
    }

    /** The state after a result, what changed, and the fix time when an episode closed. */
    public record Step(State next, Change change, Instant fixedAt) {
    }

    private final Clock clock;

    public CheckEpisodes(Clock clock) {
        this.clock = clock;
    }

    /**
     * Applies one result.
     *
     * @param previous    the state before; null when the device never reported this check
     * @param status      pass, fail or unknown
     * @param evaluatedAt when the agent evaluated it
     * @param observedAt  when the evidence says the state began; null when it does not say
     */
    public Step apply(State previous, String status, Instant evaluatedAt, Instant observedAt) {
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        if (!SecurityCheckMessages.STATUSES.contains(status)) {
            throw new IllegalArgumentException("not a status: " + status);
        }
        if (previous != null && !evaluatedAt.isAfter(previous.evaluatedAt())) {
            return new Step(previous, Change.STALE, null);
        }
        Instant received = clock.instant();
        Instant lastPass = previous == null ? null : previous.lastPassAt();
        Open open = previous == null ? null : previous.open();
        return switch (status) {
            case SecurityCheckMessages.PASS -> {
                State next = new State(status, evaluatedAt, evaluatedAt, null);
                if (open == null) {
                    yield new Step(next, Change.NONE, null);
                }
                Instant latest = later(received, open.detectedAt());
                yield new Step(next, Change.CLOSED, later(open.detectedAt(), earlier(evaluatedAt, latest)));
            }
            case SecurityCheckMessages.FAIL -> {
                if (open != null) {
                    yield new Step(new State(status, evaluatedAt, lastPass, open), Change.STILL_FAILING, null);
                }
                Instant began;
                BeganFrom from;
                if (observedAt != null) {
                    began = lastPass == null ? observedAt : later(observedAt, lastPass);
                    from = BeganFrom.EVIDENCE;
                } else if (lastPass != null) {
                    began = lastPass;
                    from = BeganFrom.LAST_PASS;
                } else {
                    began = evaluatedAt;
                    from = BeganFrom.FIRST_FAIL;
                }
                began = earlier(earlier(began, evaluatedAt), received);
                yield new Step(new State(status, evaluatedAt, lastPass, new Open(began, from, received)), Change.OPENED, null);
            }
            default -> new Step(new State(status, evaluatedAt, lastPass, open), Change.NONE, null);
        };
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
