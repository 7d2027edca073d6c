package io.steward.server.alerting.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

import io.steward.server.alerting.AlertCondition;

/**
 * The life of one (device, policy, instance): OK until the aggregated value breaches; PENDING while
 * it keeps breaching for less than the policy's "for" duration; FIRING after that (RAISE). A FIRING
 * alert clears (CLEAR) only when the value passes the recovery threshold, so values between the two
 * thresholds change nothing (hysteresis). Flapping damping: a clear that would make more than
 * {@code maxFlips} raises and clears within {@code flapWindow} does not happen; the alert stays
 * FIRING and is marked flapping (FLAPPING), and clears only after the value has stayed recovered for
 * a whole flap window. Time comes in as a parameter, read from the injected Clock by the caller.
 * Not thread-safe: the evaluator holds the device's lock.
 */
public final class AlertStateMachine {

    public enum State { OK, PENDING, FIRING }

    /** What the caller must write: nothing in the steady state, a row change on a transition. */
    public enum Transition { NONE, RAISE, CLEAR, FLAPPING }

    /** More than {@code maxFlips} raises and clears within {@code window} is flapping. */
    public record FlapRule(int maxFlips, Duration window) {
        public FlapRule {
            if (maxFlips < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("maxFlips >= 1 and a positive window");
            }
        }
    }

    private final ArrayDeque<Instant> flips = new ArrayDeque<>();
    private State state;
    private boolean flapping;
    private Instant breachSince;
    private Instant recoveredSince;

    /** A machine for an alert that is already open (after a restart) or not. */
    public AlertStateMachine(boolean firing, boolean flapping) {
        this.state = firing ? State.FIRING : State.OK;
        this.flapping = firing && flapping;
    }

    public State state() {
        return state;
    }

    public boolean flapping() {
        return flapping;
    }

    public Transition evaluate(Instant now, double value, AlertCondition condition, Duration forDuration, FlapRule flap) {
        if (Double.isNaN(value)) {
            return Transition.NONE;
        }
        while (!flips.isEmpty() && !flips.peekFirst().isAfter(now.minus(flap.window()))) {
            flips.removeFirst();
        }
        switch (state) {
            case OK, PENDING -> {
                if (!condition.breaches(value)) {
                    state = State.OK;
                    breachSince = null;
                    return Transition.NONE;
                }
                if (state == State.OK) {
                    state = State.PENDING;
                    breachSince = now;
                }
                if (now.isBefore(breachSince.plus(forDuration))) {
                    return Transition.NONE;
                }
                state = State.FIRING;
                breachSince = null;
                recoveredSince = null;
                flips.addLast(now);
                return Transition.RAISE;
            }
            default -> {
                if (!condition.recovers(value)) {
                    recoveredSince = null;
                    return Transition.NONE;
                }
                if (flapping) {
                    if (recoveredSince == null) {
                        recoveredSince = now;
                    }
                    if (now.isBefore(recoveredSince.plus(flap.window()))) {
                        return Transition.NONE;
                    }
                    return clear(now);
                }
                if (flips.size() + 1 > flap.maxFlips()) {
                    flapping = true;
                    recoveredSince = now;
                    return Transition.FLAPPING;
                }
                return clear(now);
            }
        }
    }

    private Transition clear(Instant now) {
        state = State.OK;
        flapping = false;
        recoveredSince = null;
        flips.addLast(now);
        return Transition.CLEAR;
    }
}
