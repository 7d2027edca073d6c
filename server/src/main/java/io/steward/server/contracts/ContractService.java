package io.steward.server.contracts;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.steward.server.audit.AuditLog;
import io.steward.server.contracts.internal.ContractsRepository;
import io.steward.server.shared.CalendarId;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ContractId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TierId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Calendars, service tiers and contracts. MSP admins define calendars and tiers; admins and
 * service managers manage contracts. {@link #termsAt} tells the service desk which targets and
 * calendar govern a client's tickets at an instant.
 */
@Service
public class ContractService {
    private static final int MAX_SNAPSHOTS = 1000;

    private final ContractsRepository repository;
    /** Tiers and calendars by id and version, read by {@link #termsAt} for every new ticket. */
    private final Map<Versioned, Object> snapshots = new java.util.concurrent.ConcurrentHashMap<>();
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public ContractService(ContractsRepository repository, ClientService clients, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- calendars

    @Transactional(readOnly = true)
    public List<CalendarDefinition> calendars(Viewer viewer) {
        requireStaff(viewer);
        return repository.calendars();
    }

    @Transactional(readOnly = true)
    public CalendarDefinition calendar(Viewer viewer, CalendarId id) {
        requireStaff(viewer);
        return repository.calendar(id).orElseThrow(() -> new NotFoundException("No such calendar."));
    }

    @Transactional
    public CalendarDefinition createCalendar(Viewer viewer, CalendarDraft draft) {
        ContractPermissions.MANAGE_TIERS.require(viewer);
        CalendarDefinition c = toCalendar(CalendarId.random(), draft, 0);
        audit.record("calendar.created", "calendar", c.id().toString(), null, Map.of("name", c.name()));
        try {
            repository.insertCalendar(c, clock.instant());
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A calendar with this name already exists.");
        }
        return c;
    }

    @Transactional
    public CalendarDefinition updateCalendar(Viewer viewer, CalendarId id, CalendarDraft draft, int expectedVersion) {
        ContractPermissions.MANAGE_TIERS.require(viewer);
        CalendarDefinition before = calendar(viewer, id);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException(before.version(), before);
        }
        CalendarDefinition c = toCalendar(id, draft, expectedVersion);
        audit.record("calendar.updated", "calendar", id.toString(), null, Map.of("name", c.name()));
        try {
            if (!repository.updateCalendar(c, expectedVersion, clock.instant())) {
                throw new StaleVersionException(calendar(viewer, id).version());
            }
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A calendar with this name already exists.");
        }
        return calendar(viewer, id);
    }

    /** Validates a calendar as submitted, without storing it (for previews). */
    public static CalendarDefinition definitionOf(CalendarDraft draft) {
        return toCalendar(CalendarId.random(), draft, 0);
    }

    static CalendarDefinition toCalendar(CalendarId id, CalendarDraft d, int version) {
        String zone = d.timeZone() == null || d.timeZone().isBlank() ? null : d.timeZone().strip();
        if (zone != null) {
            try {
                zone = ZoneId.of(zone).getId();
            } catch (DateTimeException e) {
                throw new InvalidInputException("timeZone", "Enter an IANA time zone such as Europe/Berlin, or leave it empty for the client's zone.");
            }
        }
        List<WorkingPeriod> periods = new ArrayList<>();
        for (CalendarDraft.Period p : d.periods()) {
            try {
                periods.add(new WorkingPeriod(DayOfWeek.valueOf(p.day().strip().toUpperCase(Locale.ROOT)), LocalTime.parse(p.start().strip()),
                        LocalTime.parse(p.end().strip())));
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new InvalidInputException("periods", "A period is a day (MONDAY...SUNDAY) with start and end as HH:mm; '"
                        + p.day() + " " + p.start() + "-" + p.end() + "' is not.");
            }
        }
        if (!d.alwaysOn() && periods.isEmpty()) {
            throw new InvalidInputException("periods", "A business-hours calendar needs at least one working period.");
        }
        List<Holiday> holidays = new ArrayList<>();
        for (CalendarDraft.Day h : d.holidays()) {
            try {
                boolean yearly = h.yearly() != null && !h.yearly().isBlank();
                boolean once = h.date() != null && !h.date().isBlank();
                if (yearly == once) {
                    throw new IllegalArgumentException();
                }
                holidays.add(yearly ? Holiday.yearly(h.name().strip(), MonthDay.parse(h.yearly().strip()))
                        : Holiday.once(h.name().strip(), LocalDate.parse(h.date().strip())));
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new InvalidInputException("holidays", "A holiday has a name and either yearly (--MM-DD) or date (YYYY-MM-DD); '"
                        + h.name() + "' has not.");
            }
        }
        String name = d.name().strip();
        return new CalendarDefinition(id, name, zone, d.alwaysOn(), d.alwaysOn() ? List.of() : periods,
                d.alwaysOn() ? List.of() : holidays, version);
    }

    // ---- tiers

    @Transactional(readOnly = true)
    public List<ServiceTier> tiers(Viewer viewer) {
        requireStaff(viewer);
        return repository.tiers();
    }

    @Transactional(readOnly = true)
    public ServiceTier tier(Viewer viewer, TierId id) {
        requireStaff(viewer);
        return repository.tier(id).orElseThrow(() -> new NotFoundException("No such service tier."));
    }

    @Transactional
    public ServiceTier createTier(Viewer viewer, TierDraft draft) {
        ContractPermissions.MANAGE_TIERS.require(viewer);
        ServiceTier t = toTier(TierId.random(), draft, 0);
        audit.record("tier.created", "tier", t.id().toString(), null, Map.of("name", t.name()));
        try {
            repository.insertTier(t, clock.instant());
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A tier with this name already exists.");
        }
        return tier(viewer, t.id());
    }

    @Transactional
    public ServiceTier updateTier(Viewer viewer, TierId id, TierDraft draft, int expectedVersion) {
        ContractPermissions.MANAGE_TIERS.require(viewer);
        ServiceTier before = tier(viewer, id);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException(before.version(), before);
        }
        ServiceTier t = toTier(id, draft, expectedVersion);
        audit.record("tier.updated", "tier", id.toString(), null, Map.of("name", t.name(), "targetsBefore", describe(before.targets()),
                "targetsAfter", describe(t.targets())));
        try {
            if (!repository.updateTier(t, expectedVersion, clock.instant())) {
                throw new StaleVersionException(tier(viewer, id).version());
            }
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A tier with this name already exists.");
        }
        return tier(viewer, id);
    }

    private ServiceTier toTier(TierId id, TierDraft d, int version) {
        CalendarId calendar = new CalendarId(d.calendarId());
        if (repository.calendar(calendar).isEmpty()) {
            throw new InvalidInputException("calendarId", "Choose an existing calendar.");
        }
        Set<Priority> seen = EnumSet.noneOf(Priority.class);
        List<PriorityTarget> targets = new ArrayList<>();
        for (TierDraft.Target t : d.targets()) {
            if (!seen.add(t.priority())) {
                throw new InvalidInputException("targets", "Give each priority P1-P4 exactly once.");
            }
            if (t.resolutionMinutes() < t.responseMinutes()) {
                throw new InvalidInputException("targets", t.priority() + ": resolution cannot be shorter than response.");
            }
            targets.add(new PriorityTarget(t.priority(), Duration.ofMinutes(t.responseMinutes()), Duration.ofMinutes(t.resolutionMinutes()),
                    t.aroundTheClock()));
        }
        if (seen.size() != 4) {
            throw new InvalidInputException("targets", "Give each priority P1-P4 exactly once.");
        }
        targets.sort((a, b) -> a.priority().compareTo(b.priority()));
        return new ServiceTier(id, d.name().strip(), d.description() == null ? "" : d.description().strip(), calendar, d.uptimeTarget(),
                targets, version);
    }

    private static List<String> describe(List<PriorityTarget> targets) {
        return targets.stream().map(t -> t.priority() + " " + t.response().toMinutes() + "/" + t.resolution().toMinutes() + " min"
                + (t.aroundTheClock() ? " 24x7" : "")).toList();
    }

    // ---- contracts

    @Transactional(readOnly = true)
    public List<Contract> contractsOf(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return repository.contractsOf(viewer.scope(), client);
    }

    /**
     * The client's contract in force today in the client's time zone (the latest started, if several overlap), with
     * its tier's name; empty when none is. Staff only, like the contracts list.
     */
    @Transactional(readOnly = true)
    public Optional<ContractInForce> inForce(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        LocalDate today = clock.instant().atZone(ZoneId.of(clients.get(viewer, client).timeZone())).toLocalDate();
        return repository.contractsOf(viewer.scope(), client).stream().filter(c -> c.activeOn(today))
                .max(java.util.Comparator.comparing(Contract::startsOn))
                .map(c -> new ContractInForce(c, repository.tier(c.tierId()).map(ServiceTier::name).orElse("")));
    }

    @Transactional(readOnly = true)
    public Contract contract(Viewer viewer, ContractId id) {
        requireStaff(viewer);
        return repository.contract(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such contract."));
    }

    @Transactional
    public Contract createContract(Viewer viewer, ClientId client, ContractDraft draft) {
        clients.get(viewer, client);
        ContractPermissions.MANAGE_CONTRACTS.require(viewer);
        Contract c = toContract(ContractId.random(), client, draft, 0);
        audit.record("contract.created", "contract", c.id().toString(), client, Map.of("reference", c.reference(), "tier", c.tierId().toString()));
        repository.insertContract(c, clock.instant());
        return contract(viewer, c.id());
    }

    @Transactional
    public Contract updateContract(Viewer viewer, ContractId id, ContractDraft draft, int expectedVersion) {
        ContractPermissions.MANAGE_CONTRACTS.require(viewer);
        Contract before = contract(viewer, id);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException(before.version(), before);
        }
        Contract c = toContract(id, before.clientId(), draft, expectedVersion);
        audit.record("contract.updated", "contract", id.toString(), before.clientId(), Map.of("reference", c.reference(),
                "tierBefore", before.tierId().toString(), "tierAfter", c.tierId().toString()));
        if (!repository.updateContract(viewer.scope(), c, expectedVersion, clock.instant())) {
            throw new StaleVersionException(contract(viewer, id).version());
        }
        return contract(viewer, id);
    }

    @Transactional
    public void deleteContract(Viewer viewer, ContractId id) {
        ContractPermissions.DELETE_CONTRACTS.require(viewer);
        Contract c = contract(viewer, id);
        audit.record("contract.deleted", "contract", id.toString(), c.clientId(), Map.of("reference", c.reference()));
        repository.deleteContract(viewer.scope(), id);
    }

    private Contract toContract(ContractId id, ClientId client, ContractDraft d, int version) {
        TierId tier = new TierId(d.tierId());
        if (repository.tier(tier).isEmpty()) {
            throw new InvalidInputException("tierId", "Choose an existing service tier.");
        }
        CalendarId calendar = d.calendarId() == null ? null : new CalendarId(d.calendarId());
        if (calendar != null && repository.calendar(calendar).isEmpty()) {
            throw new InvalidInputException("calendarId", "Choose an existing calendar, or none to use the tier's.");
        }
        if (d.endsOn() != null && d.endsOn().isBefore(d.startsOn())) {
            throw new InvalidInputException("endsOn", "The contract cannot end before it starts.");
        }
        if (d.renewsOn() != null && d.renewsOn().isBefore(d.startsOn())) {
            throw new InvalidInputException("renewsOn", "The renewal date cannot be before the start.");
        }
        String currency = d.currency() == null || d.currency().isBlank() ? "EUR" : d.currency().strip();
        if (!currency.matches("[A-Z]{3}")) {
            throw new InvalidInputException("currency", "Use a three-letter ISO currency code such as EUR or USD.");
        }
        return new Contract(id, client, d.reference().strip(), d.deliveryModel(), tier, calendar, d.startsOn(), d.endsOn(), d.renewsOn(),
                d.uptimeTarget(), d.scope() == null ? "" : d.scope().strip(), d.exclusions() == null ? "" : d.exclusions().strip(),
                d.pricingModel(), d.priceAmount() == null ? BigDecimal.ZERO : d.priceAmount(), currency, version);
    }

    /**
     * The terms in force for a client at an instant: its contract active that day (the latest
     * started, if several), that contract's tier and calendar (or the tier's), in the client's zone.
     * Empty when the client has no active contract: its tickets then run without SLA clocks.
     * No transaction of its own: every ticket create asks, usually one query answers (tiers and calendars are kept),
     * and a read-only transaction at read-committed isolation would add a round trip without making the reads agree.
     */
    public Optional<SlaTerms> termsAt(TenantScope scope, ClientId client, ZoneId clientZone, Instant at) {
        LocalDate day = at.atZone(clientZone).toLocalDate();
        Optional<ContractsRepository.TermsSource> source = repository.termsSource(scope, client, day);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        ContractsRepository.TermsSource s = source.get();
        ServiceTier tier = snapshot(new Versioned(s.tierId().value(), s.tierVersion()), () -> repository.tier(s.tierId()).orElseThrow(),
                ServiceTier.class);
        CalendarDefinition calendar = snapshot(new Versioned(s.calendarId().value(), s.calendarVersion()),
                () -> repository.calendar(s.calendarId()).orElseThrow(), CalendarDefinition.class);
        Map<Priority, PriorityTarget> targets = new EnumMap<>(Priority.class);
        tier.targets().forEach(t -> targets.put(t.priority(), t));
        return Optional.of(new SlaTerms(s.contract().id(), s.contract().reference(), tier.name(), calendar.resolve(clientZone), targets));
    }

    /** A tier or calendar at one version: every change bumps the version, so a snapshot under its key never goes stale. */
    private record Versioned(java.util.UUID id, int version) {
    }

    private <T> T snapshot(Versioned key, java.util.function.Supplier<T> load, Class<T> type) {
        Object found = snapshots.get(key);
        if (type.isInstance(found)) {
            return type.cast(found);
        }
        T loaded = load.get();
        if (snapshots.size() > MAX_SNAPSHOTS) {
            // Old versions are never asked for again; starting over is simpler than tracking which.
            snapshots.clear();
        }
        snapshots.put(key, loaded);
        return loaded;
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
