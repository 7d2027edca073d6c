package io.steward.server.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import io.steward.server.compliance.ComplianceFindings;
import io.steward.server.compliance.ComplianceService;
import io.steward.server.compliance.ManualEvidenceService;
import io.steward.server.identity.UserDirectory;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's compliance records, once, after the demo data ({@link DemoSeeder} runs first): Northwind Dental (a dental
 * practice, so HIPAA) has two controls marked not applicable with their reasons, a note and a document as manual
 * evidence for controls no check covers, and a finding from the last review owned by the service manager.
 */
@Component
@Order(20)
class DemoCompliance implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCompliance.class);
    static final String CLIENT = "Northwind Dental";

    private final DemoProperties demo;
    private final ClientService clients;
    private final ComplianceService compliance;
    private final ComplianceFindings findings;
    private final ManualEvidenceService manual;
    private final UserDirectory users;
    private final Clock clock;

    DemoCompliance(DemoProperties demo, ClientService clients, ComplianceService compliance, ComplianceFindings findings, ManualEvidenceService manual,
                   UserDirectory users, Clock clock) {
        this.demo = demo;
        this.clients = clients;
        this.compliance = compliance;
        this.findings = findings;
        this.manual = manual;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.enabled()) {
            return;
        }
        try {
            TenantContext.runAsSystem(this::seed);
        } catch (RuntimeException e) {
            LOG.error("Demo compliance records could not be seeded; the demo starts without them", e);
        }
    }

    private void seed() {
        ClientSummary northwind = clients.summaries(TenantScope.all()).stream().filter(c -> c.name().equals(CLIENT)).findFirst().orElse(null);
        if (northwind == null) {
            return;
        }
        Viewer admin = new Viewer(new UserId(new UUID(0, 19)), "demo@steward.invalid", "Steward demo", Role.MSP_ADMIN, null, null,
                TenantScope.all(), false);
        if (!compliance.coverage(admin, northwind.id(), "hipaa-security-technical").notApplicable().isEmpty()) {
            return;
        }
        compliance.markNotApplicable(admin, northwind.id(), "hipaa-security-technical", "hipaa-164.312-a-2-iii",
                "The practice management system logs users off itself after 10 minutes; Steward manages no session of it.");
        compliance.markNotApplicable(admin, northwind.id(), "nist-sp-800-53-r5", "ac-17", "No remote access is offered to the practice's systems.");
        manual.add(admin, northwind.id(), "hipaa-security-technical", "hipaa-164.312-e-1",
                "TLS 1.2 or newer enforced on the practice management system and the mail gateway (checked at the quarterly review).",
                clock.instant().plus(Duration.ofDays(90)), null);
        manual.add(admin, northwind.id(), "nist-sp-800-53-r5", "cp-4", "Contingency plan walk-through with the practice manager: minutes attached.",
                clock.instant().plus(Duration.ofDays(180)), new ManualEvidenceService.Document("contingency-walkthrough-minutes.txt",
                        new java.io.ByteArrayInputStream(("Contingency plan walk-through, Northwind Dental\n"
                                + "Attendees: practice manager, MSP service manager\nOutcome: restore order agreed; EHR vendor contact confirmed.\n")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        UUID manager = users.list(admin, "manager@", PageQuery.of(0, 10, "email", java.util.Map.of("email", "email"), "email")).items().stream()
                .filter(u -> u.role() == Role.SERVICE_MANAGER).map(u -> u.id().value()).findFirst().orElse(null);
        findings.record(admin, northwind.id(), new ComplianceFindings.Draft("hipaa-security-technical", "hipaa-164.312-b",
                "Quarterly review: nobody documents the review of the EHR's own audit logs.", manager,
                LocalDate.ofInstant(clock.instant(), ZoneId.of("America/New_York")).plusDays(14)));
    }
}
