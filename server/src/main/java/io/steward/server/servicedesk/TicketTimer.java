package io.steward.server.servicedesk;

import java.time.Duration;
import java.time.Instant;

import io.steward.server.shared.TicketId;

/**
 * A user's time timer on a ticket, as the page and the API show it: whether it runs and since when. A user runs one
 * timer at a time; {@code elsewhere} names the ticket where the user's timer runs when it is not this one.
 */
public record TicketTimer(TicketId ticketId, boolean running, Instant startedAt, long elapsedSeconds, TicketId elsewhere) {
    /** The longest time entry (a day); a timer left running longer books this much. */
    public static final int MAX_MINUTES = 1440;

    /** Minutes a stopped timer books: the elapsed time rounded up to whole minutes, at least 1, at most a day. */
    public static int minutesBooked(Instant startedAt, Instant stoppedAt) {
        long seconds = Math.max(0, Duration.between(startedAt, stoppedAt).toSeconds());
        long minutes = Math.max(1, (seconds + 59) / 60);
        return (int) Math.min(minutes, MAX_MINUTES);
    }
}
