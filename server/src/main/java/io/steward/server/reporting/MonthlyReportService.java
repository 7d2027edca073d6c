package io.steward.server.reporting;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.reporting.internal.ReportAssembler;
import io.steward.server.reporting.internal.ReportData;
import io.steward.server.reporting.internal.ReportPdf;
import io.steward.server.reporting.internal.ReportTables;
import io.steward.server.reporting.internal.StoredReports;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import tools.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The monthly client service report: computed on demand for any month from the client's creation up to the running
 * month, and the per-client settings it uses. Every caller sees only clients in their scope (portal users: their
 * own); an unknown or foreign client is a 404, a month that cannot be reported a 400.
 */
@Service
@EnableConfigurationProperties(ReportingProperties.class)
public class MonthlyReportService {
    private final ClientService clients;
    private final ReportAssembler assembler;
    private final ReportData data;
    private final StoredReports stored;
    private final ReportPdf pdf;
    private final ObjectMapper json;
    private final org.springframework.transaction.support.TransactionTemplate writes;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    public MonthlyReportService(ClientService clients, ReportAssembler assembler, ReportData data, StoredReports stored, ReportPdf pdf,
                                ObjectMapper json,
                                org.springframework.transaction.PlatformTransactionManager transactions, Clock clock,
                                org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.writes = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.pdf = pdf;
        this.json = json;
        this.clients = clients;
        this.assembler = assembler;
        this.data = data;
        this.stored = stored;
        this.clock = clock;
    }

    /** The client (404 when not in scope) and the period named by {@code month} (400 when it cannot be reported). */
    @Transactional(readOnly = true)
    public Scoped scope(Viewer viewer, ClientId clientId, String month) {
        Client client = clients.get(viewer, clientId);
        return new Scoped(client, ReportPeriod.of(month, ZoneId.of(client.timeZone()), client.createdAt(), clock.instant()));
    }

    /** A client and a reportable month of it. */
    public record Scoped(Client client, ReportPeriod period) {
    }

    /** Not one transaction: the report's parts read side by side, each on its own connection (see ReportAssembler). */
    public MonthlyReport report(Viewer viewer, ClientId clientId, String month) {
        Scoped s = scope(viewer, clientId, month);
        return assembler.assemble(viewer, s.client(), s.period(), clock.instant());
    }

    /** The viewer scheduled work acts as: every client in scope, no person behind it. */
    public static final Viewer SCHEDULER = new Viewer(new io.steward.server.shared.UserId(new UUID(0, 0)), "scheduler@steward.invalid",
            "Steward scheduler", Role.MSP_ADMIN, null, null, io.steward.server.shared.TenantScope.all(), false);

    /**
     * Generates the month's report, stores its JSON and PDF once, and tells the client's report recipients (in the
     * same transaction). Answers false, doing nothing, when the month is already stored.
     */
    public boolean store(Viewer viewer, ClientId clientId, String month) {
        ReportingPermissions.MANAGE_REPORTS.require(viewer);
        Scoped s = scope(viewer, clientId, month);
        if (s.period().partial()) {
            throw new InvalidInputException("month", "Only a month that has ended can be stored.");
        }
        if (stored.exists(clientId, s.period().month())) {
            return false;
        }
        // Computed before the writing transaction opens, so that no connection is held while the report's parts run.
        MonthlyReport report = assembler.assemble(viewer, s.client(), s.period(), clock.instant());
        byte[] document = pdf.render(viewer, report, ReportPdf.Paper.A4);
        String snapshot = json.writeValueAsString(report);
        Boolean done = writes.execute(tx -> {
            if (!stored.store(clientId, s.period().month(), clock.instant(), viewer.displayName(), snapshot, document)) {
                return false;
            }
            List<UUID> recipients = data.settings(viewer.scope(), clientId).recipients();
            events.publishEvent(new MonthlyReportStored(clientId, s.client().name(), s.period().month().toString(), recipients));
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** The stored JSON snapshot of a month, exactly as generated. */
    @Transactional(readOnly = true)
    public String storedJson(Viewer viewer, ClientId clientId, String month) {
        clients.get(viewer, clientId);
        return stored.json(viewer.scope(), clientId, ReportPeriod.parse(month))
                .orElseThrow(() -> new NotFoundException("No report is stored for " + month + "."));
    }

    /** The stored PDF of a month, exactly as sent. */
    @Transactional(readOnly = true)
    public byte[] storedPdf(Viewer viewer, ClientId clientId, String month) {
        clients.get(viewer, clientId);
        return stored.pdf(viewer.scope(), clientId, ReportPeriod.parse(month))
                .orElseThrow(() -> new NotFoundException("No report is stored for " + month + "."));
    }

    /** The month's report as PDF on A4 or Letter paper. */
    public byte[] pdf(Viewer viewer, ClientId clientId, String month, ReportPdf.Paper paper) {
        return pdf.render(viewer, report(viewer, clientId, month), paper);
    }

    /** One of the tables behind the month's report ({@link ReportTables#NAMES}); tickets may be narrowed by {@code filter}. */
    @Transactional(readOnly = true)
    public ReportTables.Table table(Viewer viewer, ClientId clientId, String month, String name, ReportTables.TicketFilter filter) {
        Scoped s = scope(viewer, clientId, month);
        return switch (name) {
            case "tickets" -> ReportTables.tickets(ReportTables.filter(assembler.ticketFacts(viewer, clientId, s.period()), filter));
            case "devices" -> ReportTables.devices(assembler.deviceFacts(viewer, clientId, s.period()));
            case "changes" -> ReportTables.changes(data.changes(viewer.scope(), clientId, s.period()));
            default -> throw new NotFoundException("No such table; there are tickets, devices and changes.");
        };
    }

    /** The tickets behind a figure of the month's report. */
    @Transactional(readOnly = true)
    public List<ReportAssembler.TicketFacts> tickets(Viewer viewer, ClientId clientId, String month, ReportTables.TicketFilter filter) {
        Scoped s = scope(viewer, clientId, month);
        return ReportTables.filter(assembler.ticketFacts(viewer, clientId, s.period()), filter);
    }

    /** The client's stored reports, newest month first. */
    @Transactional(readOnly = true)
    public List<StoredReports.Listed> stored(Viewer viewer, ClientId clientId) {
        clients.get(viewer, clientId);
        return stored.list(viewer.scope(), clientId);
    }

    @Transactional(readOnly = true)
    public ReportSettings settings(Viewer viewer, ClientId clientId) {
        clients.get(viewer, clientId);
        return data.settings(viewer.scope(), clientId);
    }

    /** Users who may be chosen as report recipients of the client. */
    @Transactional(readOnly = true)
    public List<StoredReports.Recipient> eligibleRecipients(Viewer viewer, ClientId clientId) {
        clients.get(viewer, clientId);
        return stored.eligibleRecipients(viewer.scope(), clientId);
    }

    /** Changes the settings (MSP admin, service manager); {@code expectedVersion} is the version read (0 before the first save). */
    @Transactional
    public ReportSettings saveSettings(Viewer viewer, ClientId clientId, ReportSettings draft, int expectedVersion) {
        ReportingPermissions.MANAGE_REPORTS.require(viewer);
        clients.get(viewer, clientId);
        if (draft.downtimeCostPerHour() != null && (draft.downtimeCostPerHour().signum() < 0
                || draft.downtimeCostPerHour().compareTo(new BigDecimal("9999999999.99")) > 0 || draft.downtimeCostPerHour().scale() > 2)) {
            throw new InvalidInputException("downtimeCostPerHour", "The cost per hour is an amount from 0 with at most two decimals.");
        }
        String currency = draft.currency() == null ? "EUR" : draft.currency().strip().toUpperCase(java.util.Locale.ROOT);
        if (!currency.matches("[A-Z]{3}")) {
            throw new InvalidInputException("currency", "The currency is a three-letter ISO 4217 code such as EUR.");
        }
        BigDecimal target = draft.slaComplianceTargetPct() == null ? ReportSettings.DEFAULT_COMPLIANCE_TARGET : draft.slaComplianceTargetPct();
        if (target.signum() <= 0 || target.compareTo(BigDecimal.valueOf(100)) > 0 || target.scale() > 2) {
            throw new InvalidInputException("slaComplianceTargetPct", "The SLA compliance target is a percentage above 0 and at most 100.");
        }
        List<UUID> recipients = draft.recipients() == null ? List.of() : draft.recipients().stream().distinct().toList();
        Set<UUID> eligible = stored.eligibleRecipients(viewer.scope(), clientId).stream().map(StoredReports.Recipient::id).collect(Collectors.toSet());
        if (!eligible.containsAll(recipients)) {
            throw new InvalidInputException("recipients", "Recipients are enabled users of this client or staff who serve it.");
        }
        if (!stored.saveSettings(clientId, draft.downtimeCostPerHour(), currency, target, recipients, expectedVersion, viewer.displayName(),
                clock.instant())) {
            ReportSettings current = data.settings(viewer.scope(), clientId);
            throw new StaleVersionException(current.version(), current);
        }
        return data.settings(viewer.scope(), clientId);
    }
}
