package io.steward.server.servicedesk.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * One SLA clock as of the evaluation instant.
 *
 * @param target     the target in force
 * @param due        when the elapsed time reaches (or reached) the target: for a running clock the projection from
 *                   now, for a stopped clock the projection in force when it last counted; null while paused
 * @param remaining  covered time left until the target, zero once reached; meaningful especially while paused
 * @param elapsed    covered time counted so far (never decreases as the evaluation instant grows)
 * @param paused     covered time spent waiting on the client, credited to the ticket (always zero for response)
 * @param state      see {@link State}
 * @param warnAt     when the clock reached 75 % of its target: in the past once warned, else the projected instant
 *                   while running, else null
 * @param breachedAt when the clock first reached its target while counting; kept even if targets loosen later
 * @param stoppedAt  when the clock stopped (first response, resolution); null while it runs or is paused
 */
public record ClockStatus(Duration target, Instant due, Duration remaining, Duration elapsed, Duration paused,
                          State state, Instant warnAt, Instant breachedAt, Instant stoppedAt) {

    /** BREACHED wins over every other state: a breach, once recorded, is never undone. */
    public enum State { RUNNING, PAUSED, MET, BREACHED }
}
