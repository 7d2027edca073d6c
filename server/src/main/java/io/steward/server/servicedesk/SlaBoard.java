package io.steward.server.servicedesk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.shared.TicketId;

/**
 * The SLA board: open tickets whose SLA clock runs, the one due first at the top, each with its nearest running
 * clock (response or resolution), due instant and standing as of {@code asOf}.
 *
 * @param clientId  the client filter, or null for every client in the viewer's scope
 * @param tier      the support tier filter (1-3), or null
 * @param breached  how many of {@code tickets} are breached (due passed, or a breach recorded)
 * @param atRisk    how many are past 75 % of their target
 * @param onTrack   how many are neither
 * @param more      true when more tickets run a clock than the board shows ({@link SlaBoardService#LIMIT})
 */
public record SlaBoard(Instant asOf, UUID clientId, Integer tier, List<Entry> tickets, long breached, long atRisk, long onTrack,
                       boolean more) {

    /**
     * One ticket on the board.
     *
     * @param standing    BREACHED, AT_RISK or ON_TRACK
     * @param minutesLeft whole minutes from {@code asOf} to {@code dueAt}; negative when overdue
     */
    public record Entry(TicketId id, String reference, String title, UUID clientId, String clientName, Priority priority,
                        TicketStatus status, int tier, String assigneeName, DueClock dueClock, Instant dueAt, String standing,
                        long minutesLeft) {

        /** "response in 4 m", as {@link TicketView#dueInWords} words it, for pages. */
        public String dueInWords(Instant now) {
            return dueClock.word() + " " + io.steward.server.shared.DurationWords.until(dueAt, now);
        }
    }
}
