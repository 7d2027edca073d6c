package io.steward.server.compliance.web;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.steward.server.compliance.ClientCoverage;
import io.steward.server.compliance.ComplianceFindings;
import io.steward.server.compliance.ComplianceService;
import io.steward.server.compliance.ManualEvidenceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The compliance pages: a client's coverage of a framework, its findings, not-applicable decisions and manual evidence. */
@Controller
class CompliancePages {
    private final ComplianceService compliance;
    private final ComplianceFindings findings;
    private final ManualEvidenceService manual;
    private final ClientService clients;

    CompliancePages(ComplianceService compliance, ComplianceFindings findings, ManualEvidenceService manual, ClientService clients) {
        this.compliance = compliance;
        this.findings = findings;
        this.manual = manual;
        this.clients = clients;
    }

    @GetMapping("/compliance")
    String index(Viewer viewer, Model model) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("frameworks", compliance.frameworks());
        return "compliance/index";
    }

    @GetMapping("/compliance/clients/{clientId}")
    String client(Viewer viewer, @PathVariable ClientId clientId, @RequestParam(required = false) String framework, Model model) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
        coverage(viewer, clientId, framework, model);
        model.addAttribute("mayEdit", viewer.hasRole(ComplianceService.EDITORS) && !viewer.readOnly());
        model.addAttribute("owners", viewer.hasRole(ComplianceService.EDITORS) ? findings.owners(viewer, clientId) : List.of());
        model.addAttribute("pickerPath", "/compliance/clients/" + clientId);
        return "compliance/client";
    }

    /**
     * The client's own coverage for its portal contacts: the same page, read-only (findings, evidence and the audit
     * pack's downloads; no decisions), for their organisation only.
     */
    @GetMapping("/portal/compliance")
    String portal(Viewer viewer, @RequestParam(required = false) String framework, Model model) {
        if (viewer.isStaff() || viewer.clientId() == null) {
            throw new NotFoundException("No such page.");
        }
        coverage(viewer, viewer.clientId(), framework, model);
        model.addAttribute("mayEdit", false);
        model.addAttribute("owners", List.of());
        model.addAttribute("pickerPath", "/portal/compliance");
        return "compliance/client";
    }

    private void coverage(Viewer viewer, ClientId clientId, String framework, Model model) {
        String f = framework == null || framework.isBlank() ? compliance.frameworks().getFirst().id() : framework;
        ClientCoverage cc = compliance.coverage(viewer, clientId, f);
        model.addAttribute("cc", cc);
        model.addAttribute("frameworks", compliance.frameworks());
        model.addAttribute("now", cc.coverage().at());
        model.addAttribute("age", new Age(cc.coverage().at()));
        model.addAttribute("today", LocalDate.ofInstant(cc.coverage().at(), ZoneOffset.UTC));
    }

    @PostMapping("/compliance/clients/{clientId}/not-applicable")
    String notApplicable(Viewer viewer, @PathVariable ClientId clientId, @RequestParam String framework, @RequestParam String control,
                         @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "false") boolean clear, RedirectAttributes flash) {
        return act(clientId, framework, flash, () -> {
            if (clear) {
                compliance.clearNotApplicable(viewer, clientId, framework, control);
                return "The control counts again.";
            }
            compliance.markNotApplicable(viewer, clientId, framework, control, reason);
            return "Marked not applicable.";
        });
    }

    @PostMapping("/compliance/clients/{clientId}/evidence")
    String evidence(Viewer viewer, @PathVariable ClientId clientId, @RequestParam String framework, @RequestParam String control,
                    @RequestParam(defaultValue = "") String note, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
                    @RequestParam(value = "file", required = false) MultipartFile file, RedirectAttributes flash) {
        return act(clientId, framework, flash, () -> {
            Instant expires = expiresOn == null ? null : expiresOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            try {
                manual.add(viewer, clientId, framework, control, note, expires, file == null || file.isEmpty() ? null
                        : new ManualEvidenceService.Document(file.getOriginalFilename(), file.getInputStream()));
            } catch (IOException e) {
                throw new InvalidInputException("file", "The upload could not be read.");
            }
            return "Evidence added.";
        });
    }

    @PostMapping("/compliance/clients/{clientId}/findings/reconcile")
    String reconcile(Viewer viewer, @PathVariable ClientId clientId, @RequestParam String framework, RedirectAttributes flash) {
        return act(clientId, framework, flash, () -> {
            ComplianceFindings.Reconciled r = findings.reconcile(viewer, clientId);
            return r.opened() + " finding(s) opened, " + r.closed() + " closed.";
        });
    }

    @PostMapping("/compliance/findings/{findingId}")
    String finding(Viewer viewer, @PathVariable UUID findingId, @RequestParam String framework, @RequestParam(defaultValue = "") String action,
                   @RequestParam(required = false) UUID ownerId, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueOn,
                   @RequestParam(defaultValue = "0") int version, @RequestParam(defaultValue = "") String note, RedirectAttributes flash) {
        ClientId client = findings.get(viewer, findingId).clientId();
        return act(client, framework, flash, () -> {
            if ("close".equals(action)) {
                findings.close(viewer, findingId, note);
                return "Finding closed.";
            }
            findings.assign(viewer, findingId, new ComplianceFindings.Assignment(ownerId, dueOn), version);
            return "Finding assigned.";
        });
    }

    /** Hours between evidence and the coverage's instant, for the page. */
    record Age(Instant now) {
        public long hours(Instant at) {
            return java.time.Duration.between(at, now).toHours();
        }
    }

    private interface Action {
        String run();
    }

    private static String act(ClientId client, String framework, RedirectAttributes flash, Action action) {
        try {
            flash.addFlashAttribute("notice", action.run());
        } catch (InvalidInputException | ConflictException | StaleVersionException | ForbiddenException e) {
            flash.addFlashAttribute("problem", e instanceof StaleVersionException ? "Someone changed this meanwhile; try again." : e.getMessage());
        }
        return "redirect:/compliance/clients/" + client + "?framework=" + java.net.URLEncoder.encode(framework, java.nio.charset.StandardCharsets.UTF_8);
    }
}
