package io.steward.server.compliance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.steward.server.compliance.internal.OscalExport;
import io.steward.server.compliance.internal.PackPdf;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

/**
 * The audit pack of a client, framework and period: a PDF summary, the evidence as files and an OSCAL assessment-results
 * export. Facts are Steward's live state, so the coverage is the one at generation time; findings and manual evidence are
 * those that overlap the period. Readable by whoever sees the client's coverage.
 */
@Service
public class AuditPacks {
    private final ComplianceService compliance;
    private final ManualEvidenceService manual;
    private final ClientService clients;
    private final OscalExport oscal;
    private final PackPdf pdf;
    private final ObjectMapper json;
    private final Clock clock;

    public AuditPacks(ComplianceService compliance, ManualEvidenceService manual, ClientService clients, OscalExport oscal, PackPdf pdf,
                      ObjectMapper json, Clock clock) {
        this.compliance = compliance;
        this.manual = manual;
        this.clients = clients;
        this.oscal = oscal;
        this.pdf = pdf;
        this.json = json;
        this.clock = clock;
    }

    /** A pack's scope: the coverage now, the period's instants in the client's zone, findings and manual evidence of the period. */
    public record Pack(ClientCoverage coverage, LocalDate from, LocalDate to, Instant start, Instant end, ZoneId zone, Instant generatedAt) {
    }

    /** The period {@code from}..{@code to} (whole days in the client's zone; default: the 90 days up to today). */
    public Pack pack(Viewer viewer, ClientId client, String framework, LocalDate from, LocalDate to) {
        ZoneId zone = ZoneId.of(clients.get(viewer, client).timeZone());
        Instant now = clock.instant();
        LocalDate t = to == null ? LocalDate.ofInstant(now, zone) : to;
        LocalDate f = from == null ? t.minusDays(89) : from;
        if (f.isAfter(t) || f.plusYears(5).isBefore(t)) {
            throw new InvalidInputException("from", "The period runs from a day to a later one (or the same), at most five years.");
        }
        Instant start = f.atStartOfDay(zone).toInstant();
        Instant end = t.plusDays(1).atStartOfDay(zone).toInstant();
        ClientCoverage cc = compliance.coverage(viewer, client, framework);
        ClientCoverage scoped = new ClientCoverage(cc.clientId(), cc.clientName(), cc.framework(), cc.coverage(), cc.facts(), cc.notApplicable(),
                cc.manual().stream().filter(m -> m.addedAt().isBefore(end) && m.expiresAt().isAfter(start)).toList(),
                cc.findings().stream().filter(x -> x.openedAt().isBefore(end) && (x.closedAt() == null || x.closedAt().isAfter(start))).toList());
        return new Pack(scoped, f, t, start, end, zone, now);
    }

    public String oscal(Viewer viewer, Pack p) {
        return oscal.export(p.coverage(), p.start(), p.end().isAfter(p.generatedAt()) ? p.generatedAt() : p.end(), p.generatedAt(), viewer.displayName());
    }

    public byte[] pdf(Viewer viewer, Pack p) {
        return pdf.render(p.coverage(), new PackPdf.Period(p.from().toString(), p.to().toString(), p.generatedAt().toString(), viewer.displayName()),
                p.zone());
    }

    /** summary.pdf, oscal-assessment-results.json, evidence.json, evidence.csv, findings.csv and documents/ of the pack. */
    public byte[] zip(Viewer viewer, Pack p) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "summary.pdf", pdf(viewer, p));
            put(zip, "oscal-assessment-results.json", oscal(viewer, p).getBytes(StandardCharsets.UTF_8));
            put(zip, "evidence.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(evidenceJson(p)));
            put(zip, "evidence.csv", evidenceCsv(p).getBytes(StandardCharsets.UTF_8));
            put(zip, "findings.csv", findingsCsv(p).getBytes(StandardCharsets.UTF_8));
            for (ManualEvidence m : p.coverage().manual()) {
                Path file = manual.file(m.id());
                if (m.fileName() != null && Files.isRegularFile(file)) {
                    zip.putNextEntry(new ZipEntry("documents/" + m.id() + "-" + m.fileName().replaceAll("[/\\\\:]", "_")));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not write the audit pack", e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static Map<String, Object> evidenceJson(Pack p) {
        ClientCoverage cc = p.coverage();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client", cc.clientName());
        out.put("clientId", cc.clientId().toString());
        out.put("framework", cc.framework().id());
        out.put("from", p.from().toString());
        out.put("to", p.to().toString());
        out.put("generatedAt", p.generatedAt().toString());
        out.put("coveragePercent", cc.coverage().percent());
        List<Map<String, Object>> controls = new ArrayList<>();
        for (ControlCoverage.ControlResult c : cc.coverage().controls()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("control", c.control().id());
            m.put("label", c.control().label());
            m.put("status", c.status().name());
            m.put("notApplicableReason", c.notApplicableReason());
            m.put("facts", cc.facts().getOrDefault(c.control().id(), List.of()));
            m.put("evidence", c.fresh());
            m.put("staleEvidence", c.stale());
            controls.add(m);
        }
        out.put("controls", controls);
        out.put("findings", cc.findings());
        out.put("manualEvidence", cc.manual());
        return out;
    }

    private static String evidenceCsv(Pack p) {
        StringBuilder b = new StringBuilder("control,label,status,fact,passed,fresh,observed_at,expires_at,summary\n");
        for (ControlCoverage.ControlResult c : p.coverage().coverage().controls()) {
            if (c.fresh().isEmpty() && c.stale().isEmpty()) {
                b.append(csv(c.control().id(), c.control().label(), c.status().name(), "", "", "", "", "",
                        c.notApplicableReason() == null ? "" : c.notApplicableReason())).append('\n');
            }
            for (Evidence e : c.fresh()) {
                b.append(csv(c.control().id(), c.control().label(), c.status().name(), e.fact(), String.valueOf(e.passed()), "true",
                        e.observedAt().toString(), e.expiresAt().toString(), e.summary())).append('\n');
            }
            for (Evidence e : c.stale()) {
                b.append(csv(c.control().id(), c.control().label(), c.status().name(), e.fact(), String.valueOf(e.passed()), "false",
                        e.observedAt().toString(), e.expiresAt().toString(), e.summary())).append('\n');
            }
        }
        return b.toString();
    }

    private static String findingsCsv(Pack p) {
        StringBuilder b = new StringBuilder("id,control,state,owner,due_on,opened_at,closed_at,closed_by,summary,close_note\n");
        for (Finding f : p.coverage().findings()) {
            b.append(csv(f.id().toString(), f.controlId(), f.state(), f.ownerName() == null ? "" : f.ownerName(), f.dueOn().toString(),
                    f.openedAt().toString(), f.closedAt() == null ? "" : f.closedAt().toString(), f.closedBy() == null ? "" : f.closedBy(), f.summary(),
                    f.closeNote() == null ? "" : f.closeNote())).append('\n');
        }
        return b.toString();
    }

    /** RFC 4180 quoting; a leading formula character is defused for spreadsheets. */
    private static String csv(String... values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
                v = "'" + v;
            }
            b.append(i == 0 ? "" : ",").append('"').append(v.replace("\"", "\"\"")).append('"');
        }
        return b.toString();
    }
}
