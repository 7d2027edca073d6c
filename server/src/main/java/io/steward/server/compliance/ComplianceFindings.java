package io.steward.server.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.audit.AuditLog;
import io.steward.server.compliance.internal.ComplianceRepository;
import io.steward.server.identity.UserAccount;
import io.steward.server.identity.UserDirectory;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Findings: a failing control of a client becomes a finding (owner unassigned, due {@code finding-due-days} after it
 * opened); people assign an owner (a staff user who sees the client) and a due date, close it with a note, or record
 * one from a review; Steward closes the ones it opened when the control passes again or is marked not applicable. Every
 * change is audited.
 */
@Service
public class ComplianceFindings {
    private final ComplianceService compliance;
    private final ComplianceRepository repository;
    private final ClientService clients;
    private final UserDirectory users;
    private final AuditLog audit;
    private final ComplianceProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ComplianceFindings(ComplianceService compliance, ComplianceRepository repository, ClientService clients, UserDirectory users,
                              AuditLog audit, ComplianceProperties properties, PlatformTransactionManager transactions, Clock clock) {
        this.compliance = compliance;
        this.repository = repository;
        this.clients = clients;
        this.users = users;
        this.audit = audit;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The client's findings, open first; of one framework when given. */
    @Transactional(readOnly = true)
    public List<Finding> list(Viewer viewer, ClientId client, String framework, boolean openOnly) {
        clients.get(viewer, client);
        if (framework != null) {
            compliance.framework(framework);
        }
        return repository.findings(viewer.scope(), client, framework, openOnly);
    }

    @Transactional(readOnly = true)
    public Finding get(Viewer viewer, UUID id) {
        return repository.finding(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such finding."));
    }

    /** What a person sets on an open finding; null fields keep their value. */
    public record Assignment(UUID ownerId, LocalDate dueOn) {
    }

    /** Sets the owner and due date of an open finding at {@code expectedVersion} (admins and service managers; audited). */
    @Transactional
    public Finding assign(Viewer viewer, UUID id, Assignment a, int expectedVersion) {
        viewer.requireWriter(ComplianceService.EDITORS);
        Finding f = get(viewer, id);
        if (!f.open()) {
            throw new ConflictException("state", "The finding is closed.");
        }
        if (f.version() != expectedVersion) {
            throw new StaleVersionException(f.version(), f);
        }
        UUID owner = a.ownerId() == null ? f.ownerId() : staffOwner(f.clientId(), a.ownerId()).id().value();
        LocalDate due = a.dueOn() == null ? f.dueOn() : a.dueOn();
        audit.record("compliance.finding_assigned", "compliance_finding", id.toString(), f.clientId(),
                Map.of("owner", String.valueOf(owner), "dueOn", due.toString()));
        if (!repository.assign(id, owner, due, expectedVersion)) {
            throw new StaleVersionException(f.version(), f);
        }
        return get(viewer, id);
    }

    /** Closes an open finding with a person's note (admins and service managers; audited). */
    @Transactional
    public Finding close(Viewer viewer, UUID id, String note) {
        viewer.requireWriter(ComplianceService.EDITORS);
        Finding f = get(viewer, id);
        String n = note == null ? "" : note.strip();
        if (n.isEmpty() || n.length() > 2000) {
            throw new InvalidInputException("note", "Say why the finding is closed (1 to 2,000 characters).");
        }
        if (!f.open()) {
            throw new ConflictException("state", "The finding is closed already.");
        }
        audit.record("compliance.finding_closed", "compliance_finding", id.toString(), f.clientId(), Map.of("note", n));
        repository.close(id, clock.instant(), viewer.displayName(), n);
        return get(viewer, id);
    }

    /** A finding people record themselves (from an audit or a review), on a control of the framework. */
    public record Draft(String framework, String controlId, String summary, UUID ownerId, LocalDate dueOn) {
    }

    /** Records a finding a person made (admins and service managers; audited); 409 when the control has an open one. */
    @Transactional
    public Finding record(Viewer viewer, ClientId client, Draft d) {
        viewer.requireWriter(ComplianceService.EDITORS);
        clients.get(viewer, client);
        compliance.control(d.framework(), d.controlId());
        String summary = d.summary() == null ? "" : d.summary().strip();
        if (summary.isEmpty() || summary.length() > 2000) {
            throw new InvalidInputException("summary", "Say what was found (1 to 2,000 characters).");
        }
        UUID owner = d.ownerId() == null ? null : staffOwner(client, d.ownerId()).id().value();
        Instant now = clock.instant();
        LocalDate due = d.dueOn() != null ? d.dueOn()
                : LocalDate.ofInstant(now, ZoneId.of(clients.get(viewer, client).timeZone())).plusDays(properties.findingDueDays());
        Finding f = new Finding(UUID.randomUUID(), client, d.framework(), d.controlId(), Finding.OPEN, summary, false, owner, null, due, now, null, null, null, 1);
        audit.record("compliance.finding_opened", "compliance_finding", f.id().toString(), client,
                Map.of("framework", f.framework(), "control", f.controlId(), "summary", summary, "owner", String.valueOf(owner)));
        if (!repository.open(f)) {
            throw new ConflictException("controlId", "The control has an open finding already.");
        }
        return get(viewer, f.id());
    }

    /** What one reconciliation did. */
    public record Reconciled(int opened, int closed) {
    }

    /**
     * Opens a finding for each failing control of the client without an open one, and closes open findings whose control
     * passes again or was marked not applicable (admins and service managers, or Steward's own sweep).
     */
    public Reconciled reconcile(Viewer viewer, ClientId client) {
        viewer.requireWriter(ComplianceService.EDITORS);
        List<ClientCoverage> all = compliance.coverageOfAll(viewer, client);
        Instant now = clock.instant();
        ZoneId zone = ZoneId.of(clients.get(viewer, client).timeZone());
        Reconciled r = tx.execute(status -> {
            int opened = 0;
            int closed = 0;
            for (ClientCoverage cc : all) {
                Map<String, Finding> open = repository.findings(viewer.scope(), client, cc.framework().id(), true).stream()
                        .collect(Collectors.toMap(Finding::controlId, f -> f));
                for (ControlCoverage.ControlResult c : cc.coverage().controls()) {
                    Finding f = open.get(c.control().id());
                    if (c.status() == ControlStatus.FAILING && f == null) {
                        String summary = c.fresh().stream().filter(e -> !e.passed()).map(Evidence::summary).collect(Collectors.joining("; "));
                        Finding nf = new Finding(UUID.randomUUID(), client, cc.framework().id(), c.control().id(), Finding.OPEN,
                                c.control().label() + " fails: " + summary, true, null, null, LocalDate.ofInstant(now, zone).plusDays(properties.findingDueDays()),
                                now, null, null, null, 1);
                        audit.record("compliance.finding_opened", "compliance_finding", nf.id().toString(), client,
                                Map.of("framework", nf.framework(), "control", nf.controlId(), "summary", nf.summary()));
                        opened += repository.open(nf) ? 1 : 0;
                    } else if (f != null && f.automatic() && (c.status() == ControlStatus.PASSING || c.status() == ControlStatus.NOT_APPLICABLE)) {
                        String note = c.status() == ControlStatus.PASSING ? "The control passes again." : "Marked not applicable: " + c.notApplicableReason();
                        audit.record("compliance.finding_closed", "compliance_finding", f.id().toString(), client, Map.of("note", note));
                        closed += repository.close(f.id(), now, "Steward", note) ? 1 : 0;
                    }
                }
            }
            return new Reconciled(opened, closed);
        });
        return r == null ? new Reconciled(0, 0) : r;
    }

    /** A staff user who may own the client's findings. */
    public record Owner(UUID id, String name) {
    }

    /** The enabled staff users who serve the client, for the owner choice. */
    public List<Owner> owners(Viewer viewer, ClientId client) {
        clients.get(viewer, client);
        Viewer reader = Viewer.steward(client, "Steward compliance");
        return users.list(reader, null, io.steward.server.shared.PageQuery.of(0, io.steward.server.shared.PageQuery.MAX_SIZE, "name",
                        Map.of("name", "display_name"), "name")).items().stream()
                .filter(x -> x.role().isStaff() && x.enabled() && (!x.scopeRestricted() || x.clientScope().contains(client)))
                .map(x -> new Owner(x.id().value(), x.displayName())).toList();
    }

    private UserAccount staffOwner(ClientId client, UUID owner) {
        Optional<UserAccount> u;
        try {
            u = Optional.of(users.get(Viewer.steward(client, "Steward compliance"), new UserId(owner)));
        } catch (NotFoundException e) {
            u = Optional.empty();
        }
        return u.filter(x -> x.role().isStaff() && x.enabled() && (!x.scopeRestricted() || x.clientScope().contains(client)))
                .orElseThrow(() -> new InvalidInputException("ownerId", "The owner must be an enabled staff user who serves the client."));
    }
}
