package io.steward.server.servicedesk;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import io.steward.server.servicedesk.internal.ProblemRepository;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Problem management on PROBLEM tickets (staff only: problems are the MSP's own analysis).
 * Invariants: a known error has both a root cause and a workaround; every change of the record is
 * in the problem's history and bumps the ticket's version, so concurrent edits get 412.
 */
@Service
public class ProblemService {
    private static final Role[] STAFF = {Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN};

    private final TicketService tickets;
    private final TicketRepository repository;
    private final ProblemRepository problems;
    private final Clock clock;

    public ProblemService(TicketService tickets, TicketRepository repository, ProblemRepository problems, Clock clock) {
        this.tickets = tickets;
        this.repository = repository;
        this.problems = problems;
        this.clock = clock;
    }

    /** The record as submitted; {@code knownError} absent means false. */
    public record Draft(@Size(max = 20_000) String rootCause, @Size(max = 20_000) String workaround, Boolean knownError) {
    }

    @Transactional(readOnly = true)
    public ProblemRecord get(Viewer viewer, TicketId id) {
        return record(problem(viewer, id));
    }

    @Transactional
    public ProblemRecord update(Viewer viewer, TicketId id, Draft draft, int expectedVersion) {
        viewer.requireWriter(STAFF);
        TicketView t = problem(viewer, id);
        if (t.version() != expectedVersion) {
            throw new StaleVersionException(t.version(), record(t));
        }
        if (t.status() == TicketStatus.CLOSED) {
            throw new ConflictException("status", "A closed problem cannot change; raise a new one.");
        }
        String cause = text(draft.rootCause(), "rootCause");
        String workaround = text(draft.workaround(), "workaround");
        boolean known = Boolean.TRUE.equals(draft.knownError());
        if (known && (cause.isEmpty() || workaround.isEmpty())) {
            throw new InvalidInputException("knownError", "A known error needs its root cause and a workaround.");
        }
        ProblemRecord before = record(t);
        Instant now = clock.instant();
        problems.upsert(t.id(), t.clientId(), cause, workaround, known, now);
        changed(viewer, t, now, "rootCause", before.rootCause(), cause);
        changed(viewer, t, now, "workaround", before.workaround(), workaround);
        changed(viewer, t, now, "knownError", String.valueOf(before.knownError()), String.valueOf(known));
        if (!repository.update(viewer.scope(), t.ticket(), expectedVersion, now)) {
            TicketView current = tickets.get(viewer, id);
            throw new StaleVersionException(current.version(), record(current));
        }
        return get(viewer, id);
    }

    private TicketView problem(Viewer viewer, TicketId id) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such ticket.");
        }
        TicketView t = tickets.get(viewer, id);
        if (t.type() != TicketType.PROBLEM) {
            throw new ConflictException("type", "Only a problem ticket has a problem record.");
        }
        return t;
    }

    private ProblemRecord record(TicketView t) {
        return problems.find(t.id(), t.version()).orElse(new ProblemRecord(t.id(), "", "", false, null, t.version()));
    }

    private void changed(Viewer viewer, TicketView t, Instant now, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            repository.addEvent(t.ticket(), now, viewer.userId(), viewer.displayName(), true, HistoryEntry.Kind.FIELD_CHANGED, field,
                    io.steward.server.servicedesk.internal.TicketInput.abbreviate(before),
                    io.steward.server.servicedesk.internal.TicketInput.abbreviate(after), null);
        }
    }

    private static String text(String s, String field) {
        String t = s == null ? "" : s.strip();
        if (t.length() > 20_000) {
            throw new InvalidInputException(field, "Keep it under 20,000 characters.");
        }
        return t;
    }

    /** Known errors linked to an incident, for showing their workaround beside it. */
    @Transactional(readOnly = true)
    public java.util.List<ProblemRecord> knownErrorsFor(Viewer viewer, TicketId incident) {
        if (!viewer.isStaff()) {
            return java.util.List.of();
        }
        return problems.knownErrorsFor(viewer.scope(), incident);
    }
}
