package io.steward.server.compliance.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.steward.server.compliance.AuditPacks;
import io.steward.server.compliance.ClientCoverage;
import io.steward.server.compliance.ComplianceFindings;
import io.steward.server.compliance.ComplianceService;
import io.steward.server.compliance.Finding;
import io.steward.server.compliance.Framework;
import io.steward.server.compliance.ManualEvidence;
import io.steward.server.compliance.ManualEvidenceService;
import io.steward.server.compliance.NotApplicable;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.InputStreamResource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Compliance over JSON: frameworks, coverage per client, not-applicable decisions, findings, manual evidence, audit packs. */
@RestController
@RequestMapping("/api/v1/compliance")
@Tag(name = "Compliance", description = "Control frameworks loaded from catalogue files (OSCAL catalog JSON), each client's coverage "
        + "(controls passing on fresh evidence, failing, not evaluated - never counted as passing - and not applicable with a reason), "
        + "findings with owner and due date, manual evidence with an expiry, and audit packs (PDF, zip, OSCAL assessment results). Staff "
        + "who serve a client and its portal contacts read; admins and service managers change (403 for others).")
class ComplianceApi {
    private final ComplianceService compliance;
    private final ComplianceFindings findings;
    private final ManualEvidenceService manual;
    private final AuditPacks packs;

    ComplianceApi(ComplianceService compliance, ComplianceFindings findings, ManualEvidenceService manual, AuditPacks packs) {
        this.compliance = compliance;
        this.findings = findings;
        this.manual = manual;
        this.packs = packs;
    }

    /** A framework without its controls. */
    record FrameworkSummary(String id, String title, String version, int controls) {
    }

    /** A client's standing in one framework. */
    record CoverageSummary(String framework, String title, Integer percent, int passing, int failing, int notEvaluated, int notApplicable,
                           long openFindings) {
    }

    /** A not-applicable decision's reason. */
    record Reason(String reason) {
    }

    /** A person's note. */
    record Note(String note) {
    }

    /** A note as manual evidence; expiresAt null for the default expiry. */
    record NoteEvidence(String note, Instant expiresAt) {
    }

    @GetMapping("/frameworks")
    @Operation(summary = "The frameworks loaded from the catalogue files")
    List<FrameworkSummary> listFrameworks() {
        return compliance.frameworks().stream().map(f -> new FrameworkSummary(f.id(), f.title(), f.version(), f.controls().size())).toList();
    }

    @GetMapping("/frameworks/{framework}")
    @Operation(summary = "One framework with its controls")
    Framework getFramework(@PathVariable String framework) {
        return compliance.framework(framework);
    }

    @GetMapping("/clients/{clientId}/coverage")
    @Operation(summary = "The client's coverage of every framework (percent = passing / (passing + failing + not evaluated))")
    List<CoverageSummary> listCoverage(Viewer viewer, @PathVariable ClientId clientId) {
        return compliance.coverageOfAll(viewer, clientId).stream().map(ComplianceApi::summary).toList();
    }

    @GetMapping("/clients/{clientId}/frameworks/{framework}")
    @Operation(summary = "The client's coverage of one framework: each control's status with its fresh and stale evidence, the facts mapped "
            + "to it, not-applicable decisions, manual evidence and findings")
    ClientCoverage getCoverage(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String framework) {
        return compliance.coverage(viewer, clientId, framework);
    }

    @PutMapping("/clients/{clientId}/frameworks/{framework}/controls/{control}/not-applicable")
    @Operation(summary = "Mark a control not applicable to the client, with the reason (admins, service managers; audited)")
    NotApplicable markNotApplicable(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String framework, @PathVariable String control,
                                    @RequestBody Reason body) {
        return compliance.markNotApplicable(viewer, clientId, framework, control, body == null ? null : body.reason());
    }

    @DeleteMapping("/clients/{clientId}/frameworks/{framework}/controls/{control}/not-applicable")
    @Operation(summary = "Make a control count again (admins, service managers; audited)")
    ResponseEntity<Void> clearNotApplicable(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String framework, @PathVariable String control) {
        compliance.clearNotApplicable(viewer, clientId, framework, control);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/clients/{clientId}/findings")
    @Operation(summary = "The client's findings, open first; optionally of one framework, open ones only")
    List<Finding> listFindings(Viewer viewer, @PathVariable ClientId clientId, @RequestParam(required = false) String framework,
                               @RequestParam(defaultValue = "false") boolean open) {
        return findings.list(viewer, clientId, framework, open);
    }

    @PostMapping("/clients/{clientId}/findings")
    @Operation(summary = "Record a finding a person made (from an audit or review) on a control; owner and due date optional (admins, "
            + "service managers; audited); 409 when the control has an open finding")
    ResponseEntity<Finding> recordFinding(Viewer viewer, @PathVariable ClientId clientId, @RequestBody ComplianceFindings.Draft body) {
        Finding f = findings.record(viewer, clientId, body);
        return ResponseEntity.created(URI.create("/api/v1/compliance/findings/" + f.id())).body(f);
    }

    @PostMapping("/clients/{clientId}/findings/reconcile")
    @Operation(summary = "Open findings for failing controls and close those whose control passes again now, instead of at the next sweep "
            + "(admins, service managers)")
    ComplianceFindings.Reconciled reconcileFindings(Viewer viewer, @PathVariable ClientId clientId) {
        return findings.reconcile(viewer, clientId);
    }

    @GetMapping("/findings/{findingId}")
    @Operation(summary = "One finding; ETag is its version")
    ResponseEntity<Finding> getFinding(Viewer viewer, @PathVariable UUID findingId) {
        Finding f = findings.get(viewer, findingId);
        return ResponseEntity.ok().eTag("\"" + f.version() + "\"").body(f);
    }

    @PutMapping("/findings/{findingId}")
    @Operation(summary = "Set an open finding's owner (a staff user who serves the client) and due date; If-Match: its version (admins, "
            + "service managers; audited)")
    ResponseEntity<Finding> assignFinding(Viewer viewer, @PathVariable UUID findingId, ExpectedVersion ifMatch,
                                          @RequestBody ComplianceFindings.Assignment body) {
        Finding f = findings.assign(viewer, findingId, body, ifMatch.value());
        return ResponseEntity.ok().eTag("\"" + f.version() + "\"").body(f);
    }

    @PostMapping("/findings/{findingId}/close")
    @Operation(summary = "Close an open finding with a note (admins, service managers; audited)")
    Finding closeFinding(Viewer viewer, @PathVariable UUID findingId, @RequestBody Note body) {
        return findings.close(viewer, findingId, body == null ? null : body.note());
    }

    @GetMapping("/clients/{clientId}/evidence")
    @Operation(summary = "The client's manual evidence, newest first; optionally of one framework")
    List<ManualEvidence> listManualEvidence(Viewer viewer, @PathVariable ClientId clientId, @RequestParam(required = false) String framework) {
        return manual.list(viewer, clientId, framework);
    }

    @PostMapping(path = "/clients/{clientId}/frameworks/{framework}/controls/{control}/evidence", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Attach a note as evidence to a control, counting as passing until it expires (default: the configured evidence "
            + "expiry) (admins, service managers; audited)")
    ResponseEntity<ManualEvidence> addNoteEvidence(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String framework,
                                                   @PathVariable String control, @RequestBody NoteEvidence body) {
        ManualEvidence m = manual.add(viewer, clientId, framework, control, body == null ? null : body.note(), body == null ? null : body.expiresAt(), null);
        return ResponseEntity.created(URI.create("/api/v1/compliance/evidence/" + m.id())).body(m);
    }

    @PostMapping(path = "/clients/{clientId}/frameworks/{framework}/controls/{control}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Attach a document (multipart field file) with a note (parameter note) as evidence to a control, until expiresAt "
            + "(parameter, ISO instant; default: the configured evidence expiry) (admins, service managers; audited)")
    ResponseEntity<ManualEvidence> addDocumentEvidence(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String framework,
                                                       @PathVariable String control, @RequestParam String note,
                                                       @RequestParam(required = false) Instant expiresAt,
                                                       @RequestParam("file") MultipartFile file) throws IOException {
        ManualEvidence m = manual.add(viewer, clientId, framework, control, note, expiresAt,
                new ManualEvidenceService.Document(file.getOriginalFilename(), file.getInputStream()));
        return ResponseEntity.created(URI.create("/api/v1/compliance/evidence/" + m.id())).body(m);
    }

    @GetMapping("/evidence/{evidenceId}")
    @Operation(summary = "One piece of manual evidence")
    ManualEvidence getManualEvidence(Viewer viewer, @PathVariable UUID evidenceId) {
        return manual.get(viewer, evidenceId);
    }

    @GetMapping("/evidence/{evidenceId}/document")
    @Operation(summary = "The document of a piece of manual evidence (always as an attachment)")
    ResponseEntity<InputStreamResource> downloadEvidenceDocument(Viewer viewer, @PathVariable UUID evidenceId) throws IOException {
        ManualEvidenceService.Download d = manual.open(viewer, evidenceId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).contentLength(Files.size(d.file()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(d.evidence().fileName(), StandardCharsets.UTF_8)
                        .build().toString())
                .body(new InputStreamResource(Files.newInputStream(d.file())));
    }

    @GetMapping("/clients/{clientId}/frameworks/{framework}/audit-pack.pdf")
    @Operation(summary = "The audit pack's PDF summary (application/pdf) for the period from..to (days in the client's time zone; default the last 90 days)")
    ResponseEntity<byte[]> getAuditPackPdf(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String framework,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        AuditPacks.Pack p = packs.pack(viewer, clientId, framework, from, to);
        return file(packs.pdf(viewer, p), MediaType.APPLICATION_PDF, name(p, "pdf"));
    }

    @GetMapping("/clients/{clientId}/frameworks/{framework}/audit-pack.zip")
    @Operation(summary = "The audit pack as a zip (application/zip): summary.pdf, oscal-assessment-results.json, evidence.json, evidence.csv, findings.csv and "
            + "the manual evidence's documents")
    ResponseEntity<byte[]> getAuditPackZip(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String framework,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        AuditPacks.Pack p = packs.pack(viewer, clientId, framework, from, to);
        return file(packs.zip(viewer, p), MediaType.parseMediaType("application/zip"), name(p, "zip"));
    }

    @GetMapping(path = "/clients/{clientId}/frameworks/{framework}/oscal", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The client's coverage as an OSCAL 1.1.2 assessment-results document for the period")
    ResponseEntity<String> getOscalAssessmentResults(Viewer viewer, @PathVariable ClientId clientId, @PathVariable String framework,
                                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        AuditPacks.Pack p = packs.pack(viewer, clientId, framework, from, to);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(packs.oscal(viewer, p));
    }

    static CoverageSummary summary(ClientCoverage c) {
        var r = c.coverage();
        return new CoverageSummary(c.framework().id(), c.framework().title(), r.percent(), r.passing(), r.failing(), r.notEvaluated(),
                r.notApplicable(), c.findings().stream().filter(Finding::open).count());
    }

    static String name(AuditPacks.Pack p, String ext) {
        return "audit-pack-" + p.coverage().framework().id() + "-" + p.from() + "-" + p.to() + "." + ext;
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
