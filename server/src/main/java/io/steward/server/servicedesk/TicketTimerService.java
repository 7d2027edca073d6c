package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.steward.server.servicedesk.internal.TicketTimerRepository;
import io.steward.server.servicedesk.internal.TicketTimerRepository.Running;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A staff member's time timer on a ticket, kept on the server so that it survives a reload. A user runs one timer at
 * a time: starting one on another ticket stops the running one and books its time there, so no time is lost and
 * none is counted twice. Stopping books a {@link TimeEntry} of the elapsed time ({@link TicketTimer#minutesBooked}).
 */
@Service
public class TicketTimerService {
    private static final Role[] STAFF = {Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN};

    private final TicketService tickets;
    private final TimeEntryService time;
    private final TicketTimerRepository timers;
    private final Clock clock;

    public TicketTimerService(TicketService tickets, TimeEntryService time, TicketTimerRepository timers, Clock clock) {
        this.tickets = tickets;
        this.time = time;
        this.timers = timers;
        this.clock = clock;
    }

    /** How the stopped time is booked; all optional: remote work, billable, no note. */
    public record TimerBooking(TimeEntry.WorkType workType, Boolean billable, @Size(max = 2000) String note) {
        public static final TimerBooking DEFAULT = new TimerBooking(null, null, null);
    }

    /** The viewer's timer on this ticket (staff). */
    @Transactional(readOnly = true)
    public TicketTimer get(Viewer viewer, TicketId id) {
        tickets.get(viewer, id);
        if (!viewer.isStaff()) {
            throw new ForbiddenException("Timers are for MSP staff.");
        }
        return state(viewer, id, clock.instant());
    }

    /** Starts the viewer's timer on an open ticket; a timer already running here keeps its start, one elsewhere is booked. */
    @Transactional
    public TicketTimer start(Viewer viewer, TicketId id) {
        TicketView t = tickets.get(viewer, id);
        viewer.requireWriter(STAFF);
        if (!t.status().open()) {
            throw new ConflictException("status", "Time a ticket that is still open.");
        }
        Instant now = clock.instant();
        for (Running r : timers.ofUser(viewer.userId())) {
            if (!r.ticketId().equals(id)) {
                book(viewer, r, now, TimerBooking.DEFAULT);
            }
        }
        timers.start(viewer.userId(), id, t.clientId(), now);
        return state(viewer, id, now);
    }

    /** Stops the viewer's timer on this ticket and books the elapsed minutes; 409 when none runs. */
    @Transactional
    public TimeEntry stop(Viewer viewer, TicketId id, TimerBooking booking) {
        tickets.get(viewer, id);
        viewer.requireWriter(STAFF);
        Running running = timers.ofUser(viewer.userId()).stream().filter(r -> r.ticketId().equals(id)).findFirst()
                .orElseThrow(() -> new ConflictException("timer", "No timer of yours runs on this ticket."));
        return book(viewer, running, clock.instant(), booking == null ? TimerBooking.DEFAULT : booking);
    }

    private TimeEntry book(Viewer viewer, Running running, Instant now, TimerBooking booking) {
        if (!timers.stop(viewer.userId(), running.ticketId())) {
            throw new ConflictException("timer", "The timer was stopped already.");
        }
        return time.record(viewer, running.ticketId(), new TimeEntryDraft(TicketTimer.minutesBooked(running.startedAt(), now),
                booking.billable(), booking.workType() == null ? TimeEntry.WorkType.REMOTE : booking.workType(), booking.note(), null));
    }

    private TicketTimer state(Viewer viewer, TicketId id, Instant now) {
        List<Running> running = timers.ofUser(viewer.userId());
        for (Running r : running) {
            if (r.ticketId().equals(id)) {
                return new TicketTimer(id, true, r.startedAt(), Math.max(0, Duration.between(r.startedAt(), now).toSeconds()), null);
            }
        }
        return new TicketTimer(id, false, null, 0, running.isEmpty() ? null : running.getFirst().ticketId());
    }
}
