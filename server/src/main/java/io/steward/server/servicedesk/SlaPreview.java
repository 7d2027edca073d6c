package io.steward.server.servicedesk;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.BusinessTime;
import io.steward.server.contracts.CalendarDraft;
import io.steward.server.contracts.ContractService;
import io.steward.server.contracts.CoverageCalendar;
import io.steward.server.contracts.Priority;
import io.steward.server.contracts.PriorityTarget;
import io.steward.server.contracts.SlaTerms;
import io.steward.server.servicedesk.sla.SlaClock;
import io.steward.server.servicedesk.sla.SlaEvent;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.servicedesk.sla.SlaTargets;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Explains a due instant: for a client (its contract's tier and calendar) or for a calendar and
 * targets given outright, a priority, a start and optional pauses, when response and resolution
 * fall due and how much covered time that is. Uses the same clock as real tickets.
 */
@Service
public class SlaPreview {
    private final ContractService contracts;
    private final ClientService clients;

    public SlaPreview(ContractService contracts, ClientService clients) {
        this.contracts = contracts;
        this.clients = clients;
    }

    /** A waiting-on-client span. */
    public record Pause(@NotNull Instant from, @NotNull Instant to) {
    }

    /**
     * Either {@code clientId} (with {@code priority}) or {@code calendar} with the three target fields.
     */
    public record Request(UUID clientId, Priority priority, @NotNull Instant start, @Size(max = 100) List<@Valid @NotNull Pause> pauses,
                          @Valid CalendarDraft calendar, Integer responseMinutes, Integer resolutionMinutes, Boolean aroundTheClock) {
    }

    /** The answer; minutes are covered (business) minutes unless the targets run around the clock. */
    public record Result(Instant responseDue, Instant resolutionDue, long responseMinutes, long resolutionMinutes, long pausedCoveredMinutes,
                         String zone, String tier, String contract, boolean aroundTheClock) {
    }

    @Transactional(readOnly = true)
    public Result preview(Viewer viewer, Request r) {
        if (!viewer.isStaff()) {
            throw new InvalidInputException("clientId", "Previews are for MSP staff.");
        }
        CoverageCalendar calendar;
        SlaTargets targets;
        String tier = null;
        String contract = null;
        if (r.clientId() != null) {
            if (r.priority() == null) {
                throw new InvalidInputException("priority", "Choose a priority.");
            }
            Client client;
            try {
                client = clients.get(viewer, new ClientId(r.clientId()));
            } catch (io.steward.server.shared.NotFoundException e) {
                throw new InvalidInputException("clientId", "No such client.");
            }
            Optional<SlaTerms> terms = contracts.termsAt(viewer.scope(), client.id(), ZoneId.of(client.timeZone()), r.start());
            if (terms.isEmpty()) {
                throw new InvalidInputException("clientId", "The client has no contract in force at that start.");
            }
            PriorityTarget t = terms.get().targets().get(r.priority());
            calendar = terms.get().calendar();
            targets = new SlaTargets(t.response(), t.resolution(), t.aroundTheClock());
            tier = terms.get().tierName();
            contract = terms.get().contractReference();
        } else if (r.calendar() != null) {
            if (r.responseMinutes() == null || r.resolutionMinutes() == null || r.responseMinutes() < 1 || r.resolutionMinutes() < 1) {
                throw new InvalidInputException("resolutionMinutes", "Give response and resolution targets in minutes.");
            }
            if (r.calendar().timeZone() == null || r.calendar().timeZone().isBlank()) {
                throw new InvalidInputException("calendar.timeZone", "A calendar previewed on its own needs a time zone.");
            }
            calendar = ContractService.definitionOf(r.calendar()).resolve(ZoneId.of("UTC"));
            targets = new SlaTargets(Duration.ofMinutes(r.responseMinutes()), Duration.ofMinutes(r.resolutionMinutes()),
                    Boolean.TRUE.equals(r.aroundTheClock()));
        } else {
            throw new InvalidInputException("clientId", "Give a client, or a calendar with targets.");
        }
        List<Pause> pauses = new ArrayList<>(r.pauses() == null ? List.of() : r.pauses());
        pauses.sort(Comparator.comparing(Pause::from));
        List<SlaEvent> events = new ArrayList<>();
        events.add(new SlaEvent.Opened(r.start(), targets));
        Instant last = r.start();
        long paused = 0;
        CoverageCalendar counting = targets.calendarTime() ? CoverageCalendar.always(calendar.zone()) : calendar;
        for (Pause p : pauses) {
            if (!p.to().isAfter(p.from()) || p.from().isBefore(last)) {
                throw new InvalidInputException("pauses", "Pauses must end after they start, start after the ticket, and not overlap.");
            }
            events.add(new SlaEvent.WaitingOnClient(p.from()));
            events.add(new SlaEvent.Resumed(p.to()));
            paused += BusinessTime.businessTimeBetween(counting, p.from(), p.to()).toMinutes();
            last = p.to();
        }
        SlaStatus status = SlaClock.evaluate(calendar, events, last);
        return new Result(status.response().due(), status.resolution().due(), targets.response().toMinutes(), targets.resolution().toMinutes(),
                paused, calendar.zone().getId(), tier, contract, targets.calendarTime());
    }
}
