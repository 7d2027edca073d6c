package io.steward.server.automation.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.automation.ScriptCatalog.ScriptVersion;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.automation.StandardChangeDraft;
import io.steward.server.automation.StandardChangeView;
import io.steward.server.automation.StandardChanges;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import io.steward.server.shared.ViewerZones;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages of standard changes: the request form of a version (fill in, see the statement and what it means, sign it
 * with your passkey), the list, and a change's page where another person approves it with theirs or anyone of the
 * deciders revokes it.
 */
@Controller
class StandardChangePages {
    private final StandardChanges changes;
    private final ScriptLibrary library;
    private final ClientService clients;
    private final ViewerZones zones;
    private final java.time.Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<io.steward.server.identity.PasskeyDirectory> passkeys;

    StandardChangePages(StandardChanges changes, ScriptLibrary library, ClientService clients, ViewerZones zones, java.time.Clock clock,
                        org.springframework.beans.factory.ObjectProvider<io.steward.server.identity.PasskeyDirectory> passkeys) {
        this.passkeys = passkeys;
        this.clock = clock;
        this.changes = changes;
        this.library = library;
        this.clients = clients;
        this.zones = zones;
    }

    /** The request form as typed: values one per line per parameter, the end in the viewer's zone. */
    record Typed(String id, String scopeClientId, String notAfter, String maxTimeoutSeconds, Map<String, String> allowed) {
    }

    @GetMapping("/automation/scripts/{scriptId}/versions/{scriptVersionId}/standard-change")
    String form(Viewer viewer, @PathVariable UUID scriptId, @PathVariable UUID scriptVersionId, Model model) {
        StandardChanges.DECIDERS.require(viewer);
        ScriptVersion v = version(viewer, scriptId, scriptVersionId);
        Map<String, String> allowed = new LinkedHashMap<>();
        v.parameters().forEach(p -> allowed.put(p.name(), p.defaultValue() == null ? "" : p.defaultValue()));
        String end = LocalDateTime.ofInstant(clock.instant().plus(30, ChronoUnit.DAYS), zones.zoneOf(viewer)).truncatedTo(ChronoUnit.MINUTES).toString();
        return render(viewer, model, v, new Typed("", "", end, Integer.toString(v.timeoutSeconds()), allowed), null, new LinkedHashMap<>());
    }

    @PostMapping("/automation/scripts/{scriptId}/versions/{scriptVersionId}/standard-change/prepare")
    String prepare(Viewer viewer, @PathVariable UUID scriptId, @PathVariable UUID scriptVersionId, @RequestParam MultiValueMap<String, String> in,
                   Model model) {
        ScriptVersion v = version(viewer, scriptId, scriptVersionId);
        Typed typed = typed(v, in);
        Map<String, String> errors = new LinkedHashMap<>();
        StandardChangeDraft draft = draft(viewer, typed, null, errors);
        StandardChanges.Prepared p = Forms.attempt(errors, () -> changes.prepare(viewer, scriptVersionId, draft));
        return render(viewer, model, v, p == null ? typed : new Typed(p.spec().id().toString(), typed.scopeClientId(), typed.notAfter(),
                typed.maxTimeoutSeconds(), typed.allowed()), p, errors);
    }

    @PostMapping("/automation/scripts/{scriptId}/versions/{scriptVersionId}/standard-change")
    String request(Viewer viewer, @PathVariable UUID scriptId, @PathVariable UUID scriptVersionId, @RequestParam MultiValueMap<String, String> in,
                   Model model, RedirectAttributes flash) {
        ScriptVersion v = version(viewer, scriptId, scriptVersionId);
        Typed typed = typed(v, in);
        Map<String, String> errors = new LinkedHashMap<>();
        UUID id = null;
        try {
            id = UUID.fromString(typed.id());
        } catch (IllegalArgumentException e) {
            errors.put(Forms.GLOBAL, "Prepare the statement first.");
        }
        StandardChangeDraft draft = draft(viewer, typed, id, errors);
        StandardChangeView done = Forms.attempt(errors, () -> changes.request(viewer, scriptVersionId, draft, assertion(in)));
        if (done == null) {
            if (errors.containsKey("assertion")) {
                errors.put(Forms.GLOBAL, errors.remove("assertion"));
            }
            StandardChanges.Prepared again = id == null ? null : Forms.attempt(new LinkedHashMap<>(), () -> changes.prepare(viewer, scriptVersionId, draft));
            return render(viewer, model, v, typed, again, errors);
        }
        flash.addFlashAttribute("notice", "Requested and signed. Another service manager or admin must now approve it with their passkey.");
        return "redirect:/automation/standard-changes/" + done.id();
    }

    @GetMapping("/automation/standard-changes")
    String list(Viewer viewer, Model model) {
        model.addAttribute("changes", changes.list(viewer, null));
        return "automation/standard-changes";
    }

    @GetMapping("/automation/standard-changes/{standardChangeId}")
    String change(Viewer viewer, @PathVariable UUID standardChangeId, Model model) {
        StandardChangeView c = changes.get(viewer, standardChangeId);
        model.addAttribute("c", c);
        model.addAttribute("scriptForSigning", io.steward.server.automation.SigningPage.encoded(library.version(viewer, c.scriptVersionId()).version().body()));
        boolean decider = StandardChanges.DECIDERS.allows(viewer);
        model.addAttribute("mayApprove", decider && "AWAITING_APPROVAL".equals(c.state()) && !c.requestedBy().equals(viewer.userId().value()));
        model.addAttribute("ownRequest", c.requestedBy().equals(viewer.userId().value()));
        model.addAttribute("myCredentials", credentials(viewer));
        model.addAttribute("mayRevoke", decider && ("AWAITING_APPROVAL".equals(c.state()) || "ACTIVE".equals(c.state())));
        return "automation/standard-change";
    }

    @PostMapping("/automation/standard-changes/{standardChangeId}/approve")
    String approve(Viewer viewer, @PathVariable UUID standardChangeId, @RequestParam MultiValueMap<String, String> in, RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        StandardChangeView c = Forms.attempt(errors, () -> changes.approve(viewer, standardChangeId, assertion(in)));
        if (c == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else if ("ACTIVE".equals(c.state())) {
            flash.addFlashAttribute("notice", "Approved: the signer holds this standard change now.");
        } else {
            flash.addFlashAttribute("error", c.reason());
        }
        return "redirect:/automation/standard-changes/" + standardChangeId;
    }

    @PostMapping("/automation/standard-changes/{standardChangeId}/revoke")
    String revoke(Viewer viewer, @PathVariable UUID standardChangeId, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        StandardChangeView c = Forms.attempt(errors, () -> changes.revoke(viewer, standardChangeId, reason));
        flash.addFlashAttribute(c == null ? "error" : "notice", c == null ? String.join(" ", errors.values())
                : "Revoked on the server. The signer keeps what it adopted until it is revoked there too (a signer command on its host).");
        return "redirect:/automation/standard-changes/" + standardChangeId;
    }

    private ScriptVersion version(Viewer viewer, UUID scriptId, UUID versionId) {
        ScriptLibrary.VersionDetail d = library.version(viewer, versionId);
        if (!d.version().scriptId().equals(scriptId)) {
            throw new NotFoundException("No such script version.");
        }
        return d.version();
    }

    private String render(Viewer viewer, Model model, ScriptVersion v, Typed typed, StandardChanges.Prepared prepared, Map<String, String> errors) {
        model.addAttribute("v", v);
        model.addAttribute("typed", typed);
        model.addAttribute("prepared", prepared);
        model.addAttribute("scriptForSigning", io.steward.server.automation.SigningPage.encoded(v.body()));
        model.addAttribute("myCredentials", credentials(viewer));
        model.addAttribute("endsLabel", "Ends (" + zones.zoneOf(viewer).getId() + ")");
        model.addAttribute("errors", errors);
        model.addAttribute("clients", clients.summaries(viewer.scope()).stream().filter(c -> v.allows(c.id())).toList());
        return "automation/standard-change-form";
    }

    private static Typed typed(ScriptVersion v, MultiValueMap<String, String> in) {
        Map<String, String> allowed = new LinkedHashMap<>();
        v.parameters().forEach(p -> allowed.put(p.name(), nz(in.getFirst("allowed." + p.name()))));
        return new Typed(nz(in.getFirst("id")), nz(in.getFirst("scopeClientId")), nz(in.getFirst("notAfter")), nz(in.getFirst("maxTimeoutSeconds")),
                allowed);
    }

    private StandardChangeDraft draft(Viewer viewer, Typed t, UUID id, Map<String, String> errors) {
        UUID scope = null;
        if (!t.scopeClientId().isBlank()) {
            try {
                scope = UUID.fromString(t.scopeClientId());
            } catch (IllegalArgumentException e) {
                errors.put("scopeClientId", "Choose a client from the list.");
            }
        }
        Instant notAfter = null;
        ZoneId zone = zones.zoneOf(viewer);
        try {
            notAfter = LocalDateTime.parse(t.notAfter().strip()).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            errors.put("notAfter", "A date and time, please.");
        }
        Integer timeout = null;
        try {
            timeout = t.maxTimeoutSeconds().isBlank() ? null : Integer.valueOf(t.maxTimeoutSeconds().strip());
        } catch (NumberFormatException e) {
            errors.put("maxTimeoutSeconds", "A whole number of seconds, please.");
        }
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        t.allowed().forEach((name, text) -> allowed.put(name, new ArrayList<>(Arrays.stream(text.split("\r?\n", -1)).map(String::strip)
                .filter(s -> !s.isEmpty()).toList())));
        return new StandardChangeDraft(id, scope, notAfter, timeout, allowed);
    }

    /** The viewer's own passkeys, offered to the browser so it asks for one of them (empty: they have none yet). */
    private String credentials(Viewer viewer) {
        io.steward.server.identity.PasskeyDirectory directory = passkeys.getIfAvailable();
        if (directory == null) {
            return "";
        }
        return String.join(",", directory.passkeysOf(viewer.userId()).stream().map(io.steward.server.identity.PasskeyDirectory.Passkey::credentialId)
                .toList());
    }

    private static PasskeyAssertion assertion(MultiValueMap<String, String> in) {
        String credential = in.getFirst("credentialId");
        if (credential == null || credential.isBlank()) {
            return null;
        }
        return new PasskeyAssertion(credential, nz(in.getFirst("authenticatorData")), nz(in.getFirst("clientDataJson")), nz(in.getFirst("signature")),
                in.getFirst("userHandle"));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
