package io.steward.server.servicedesk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Time a staff member spent on a ticket. */
public record TimeEntry(UUID id, UUID ticketId, String userName, int minutes, boolean billable, WorkType workType, String note,
                        LocalDate workedOn, Instant createdAt) {

    /** What kind of work the time was. */
    public enum WorkType { REMOTE, ONSITE, TRAVEL, PROJECT, ADMIN }
}
