package io.steward.server.compliance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.audit.AuditLog;
import io.steward.server.compliance.internal.Catalogues;
import io.steward.server.compliance.internal.ComplianceRepository;
import io.steward.server.compliance.internal.EvidenceCollector;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compliance coverage per client and framework. Read by anyone who sees the client (staff who serve it, its portal
 * contacts); not-applicable decisions are made by admins and service managers, with a reason, audited. Coverage is
 * computed without a transaction of its own: every evidence source answers in its own, so that one source's failure
 * cannot spoil another's read.
 */
@Service
public class ComplianceService {
    /** Who changes a client's compliance records: decisions, findings, manual evidence. Technicians read. */
    public static final Role[] EDITORS = {Role.MSP_ADMIN, Role.SERVICE_MANAGER};

    private final Catalogues catalogues;
    private final EvidenceCollector collector;
    private final ComplianceRepository repository;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public ComplianceService(Catalogues catalogues, EvidenceCollector collector, ComplianceRepository repository, ClientService clients,
                             AuditLog audit, Clock clock) {
        this.catalogues = catalogues;
        this.collector = collector;
        this.repository = repository;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /** The frameworks loaded from the catalogue files. */
    public List<Framework> frameworks() {
        return catalogues.all();
    }

    /** The framework with this id; 404 otherwise. */
    public Framework framework(String id) {
        return catalogues.framework(id).orElseThrow(() -> new NotFoundException("No such framework; there are "
                + catalogues.all().stream().map(Framework::id).toList() + "."));
    }

    /** The control of the framework; 404 otherwise. */
    public Control control(String framework, String control) {
        return framework(framework).controls().stream().filter(c -> c.id().equals(control)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such control in " + framework + "."));
    }

    /** The client's coverage of the framework now; 404 for a client the viewer does not see. */
    public ClientCoverage coverage(Viewer viewer, ClientId clientId, String frameworkId) {
        Client client = clients.get(viewer, clientId);
        Framework f = framework(frameworkId);
        Instant now = clock.instant();
        return coverage(viewer, client, f, collector.collect(clientId, now), now);
    }

    /** The client's coverage of every framework from one collection of evidence. */
    public List<ClientCoverage> coverageOfAll(Viewer viewer, ClientId clientId) {
        Client client = clients.get(viewer, clientId);
        Instant now = clock.instant();
        List<Evidence> evidence = collector.collect(clientId, now);
        List<ClientCoverage> out = new ArrayList<>();
        for (Framework f : catalogues.all()) {
            out.add(coverage(viewer, client, f, evidence, now));
        }
        return out;
    }

    private ClientCoverage coverage(Viewer viewer, Client client, Framework f, List<Evidence> facts, Instant now) {
        Map<String, List<Evidence>> byControl = new HashMap<>();
        for (Evidence e : facts) {
            for (String c : catalogues.controlsOf(e.fact(), f.id())) {
                byControl.computeIfAbsent(c, k -> new ArrayList<>()).add(e);
            }
        }
        List<ManualEvidence> manual = repository.manual(viewer.scope(), client.id(), f.id());
        for (ManualEvidence m : manual) {
            byControl.computeIfAbsent(m.controlId(), k -> new ArrayList<>()).add(m.asEvidence());
        }
        List<NotApplicable> na = repository.notApplicable(viewer.scope(), client.id(), f.id());
        Map<String, String> reasons = new HashMap<>();
        na.forEach(n -> reasons.put(n.controlId(), n.reason()));
        ControlCoverage.Result result = new ControlCoverage(Clock.fixed(now, java.time.ZoneOffset.UTC)).evaluate(f.controls(), byControl, reasons);
        return new ClientCoverage(client.id(), client.name(), f, result, catalogues.factsByControl(f.id()), na, manual,
                repository.findings(viewer.scope(), client.id(), f.id(), false));
    }

    /** Marks the control not applicable to the client, with the reason (admins and service managers; audited). */
    @Transactional
    public NotApplicable markNotApplicable(Viewer viewer, ClientId client, String framework, String control, String reason) {
        viewer.requireWriter(EDITORS);
        clients.get(viewer, client);
        control(framework, control);
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty() || r.length() > 2000) {
            throw new InvalidInputException("reason", "Say why the control does not apply (1 to 2,000 characters).");
        }
        NotApplicable n = new NotApplicable(client, framework, control, r, viewer.displayName(), clock.instant());
        audit.record("compliance.not_applicable", "compliance_control", framework + "/" + control, client, Map.of("reason", r));
        repository.saveNotApplicable(n);
        return n;
    }

    /** Makes the control count again (admins and service managers; audited); 404 when it was not marked. */
    @Transactional
    public void clearNotApplicable(Viewer viewer, ClientId client, String framework, String control) {
        viewer.requireWriter(EDITORS);
        clients.get(viewer, client);
        control(framework, control);
        audit.record("compliance.applicable", "compliance_control", framework + "/" + control, client, Map.of());
        if (!repository.deleteNotApplicable(client, framework, control)) {
            throw new NotFoundException("The control is not marked not applicable.");
        }
    }
}
