package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.servicedesk.internal.TimeEntryRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Time entries on tickets: staff record them; everyone who sees the ticket sees the total, staff the detail. */
@Service
public class TimeEntryService {
    private final TicketService tickets;
    private final TimeEntryRepository repository;
    private final Clock clock;

    public TimeEntryService(TicketService tickets, TimeEntryRepository repository, Clock clock) {
        this.tickets = tickets;
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional
    public TimeEntry record(Viewer viewer, TicketId ticketId, TimeEntryDraft draft) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        TicketView t = tickets.get(viewer, ticketId);
        if (draft.minutes() < 1 || draft.minutes() > 1440) {
            throw new InvalidInputException("minutes", "Record between 1 minute and 24 hours.");
        }
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate day = draft.workedOn() == null ? today : draft.workedOn();
        if (day.isAfter(today.plusDays(1)) || day.isBefore(t.openedAt().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1))) {
            throw new InvalidInputException("workedOn", "The day must lie between the ticket's opening and today.");
        }
        TimeEntry e = new TimeEntry(UUID.randomUUID(), ticketId.value(), viewer.displayName(), draft.minutes(),
                draft.billable() == null || draft.billable(), draft.workType(), draft.note() == null ? "" : draft.note().strip(), day,
                clock.instant());
        repository.insert(e, t.clientId(), viewer.userId());
        return e;
    }

    @Transactional(readOnly = true)
    public List<TimeEntry> ofTicket(Viewer viewer, TicketId ticketId) {
        tickets.get(viewer, ticketId);
        return repository.ofTicket(ticketId, viewer.isStaff());
    }
}
