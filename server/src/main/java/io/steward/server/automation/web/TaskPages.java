package io.steward.server.automation.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.automation.Task;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskProposal;
import io.steward.server.automation.TaskQueries;
import io.steward.server.automation.TaskService;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.devices.DeviceService;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.platform.SecretBox;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.shared.ViewerZones;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.SiteService;
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
 * Task pages: the draft form, the review page that shows exactly what will be signed and signs it with the
 * requester's passkey, the approver's queue (approve with a passkey, or reject), a task with each device's run, and
 * a device's task panel. Secret values typed in the draft travel to the review page sealed, never in the clear.
 */
@Controller
class TaskPages {
    private final TaskService tasks;
    private final TaskQueries queries;
    private final ScriptCatalog catalog;
    private final DeviceService devices;
    private final ClientService clients;
    private final SiteService sites;
    private final PasskeyDirectory passkeys;
    private final SecretBox secrets;
    private final ViewerZones zones;
    private final io.steward.server.automation.ScriptLibrary library;

    TaskPages(TaskService tasks, TaskQueries queries, ScriptCatalog catalog, DeviceService devices, ClientService clients, SiteService sites,
              PasskeyDirectory passkeys, SecretBox secrets, ViewerZones zones, io.steward.server.automation.ScriptLibrary library) {
        this.library = library;
        this.tasks = tasks;
        this.queries = queries;
        this.catalog = catalog;
        this.devices = devices;
        this.clients = clients;
        this.sites = sites;
        this.passkeys = passkeys;
        this.secrets = secrets;
        this.zones = zones;
    }

    @GetMapping("/tasks")
    String list(Viewer viewer, @RequestParam(required = false) String state, Model model) {
        model.addAttribute("tasks", queries.list(viewer, state, null));
        model.addAttribute("state", state);
        return "automation/tasks/list";
    }

    /** The draft form; choosing a client or a script version reloads it (GET) with that choice. */
    @GetMapping("/tasks/new")
    String draft(Viewer viewer, @RequestParam MultiValueMap<String, String> form, Model model) {
        return draftPage(viewer, form, Map.of(), model);
    }

    /** The fields the draft form shows errors beside; any other error (a signature, a stale review) is shown above the form. */
    private static final java.util.Set<String> FIELDS = java.util.Set.of("scriptVersionId", "targetKind", "deviceIds", "startAt", "expiresAt",
            "maxConcurrent", "stopAfterFailures", "changeTicketId", "ticketId");

    private String draftPage(Viewer viewer, MultiValueMap<String, String> form, Map<String, String> typed, Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        typed.forEach((k, v) -> {
            if (FIELDS.contains(k) || k.startsWith("parameters.")) {
                errors.put(k, v);
            } else {
                errors.merge(Forms.GLOBAL, v, (a, b) -> a + " " + b);
            }
        });
        model.addAttribute("form", form.toSingleValueMap());
        model.addAttribute("chosenDevices", form.getOrDefault("deviceIds", List.of()));
        model.addAttribute("errors", errors);
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        ClientId client = uuid(form.getFirst("clientId")) == null ? null : new ClientId(uuid(form.getFirst("clientId")));
        if (client != null && viewer.scope().covers(client)) {
            model.addAttribute("devices", devices.everyDevice(viewer, client, "APPROVED"));
            model.addAttribute("groups", devices.groups(viewer, client));
            model.addAttribute("sites", sites.ofClient(viewer, client));
        }
        UUID versionId = uuid(form.getFirst("scriptVersionId"));
        model.addAttribute("version", versionId == null ? null : catalog.version(versionId).orElse(null));
        model.addAttribute("scripts", library.list(viewer, false).stream().filter(s -> s.latest() != null).toList());
        model.addAttribute("mayRequest", TaskService.REQUEST.allows(viewer));
        return "automation/tasks/new";
    }

    /** Step two: the exact statement, with a passkey form over its digest. Nothing is stored yet. */
    @PostMapping("/tasks/review")
    String review(Viewer viewer, @RequestParam MultiValueMap<String, String> form, Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        TaskDraft draft = Forms.attempt(errors, () -> draft(viewer, form, false));
        TaskProposal proposal = draft == null ? null : Forms.attempt(errors, () -> tasks.propose(viewer, draft));
        if (proposal == null) {
            return draftPage(viewer, form, errors, model);
        }
        model.addAttribute("proposal", proposal);
        model.addAttribute("hidden", carried(form, draft));
        model.addAttribute("credentials", credentials(viewer));
        return "automation/tasks/review";
    }

    /** Step three: the requester's signed request. */
    @PostMapping("/tasks")
    String request(Viewer viewer, @RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        Task t = Forms.attempt(errors, () -> tasks.request(viewer, draft(viewer, form, true), uuid(form.getFirst("taskId")),
                instant(form.getFirst("preparedAt"), "preparedAt"), assertion(form)));
        if (t == null) {
            return draftPage(viewer, form, errors, model);
        }
        flash.addFlashAttribute("notice", "Task #" + t.number() + " was requested; it waits for another person's approval.");
        return "redirect:/tasks/" + t.id();
    }

    /** A run under an active standard change, straight from the draft form. */
    @PostMapping("/tasks/standard")
    String standard(Viewer viewer, @RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        TaskService.ApprovalOutcome outcome = Forms.attempt(errors, () -> tasks.runStandard(viewer, draft(viewer, form, false)));
        if (outcome == null) {
            return draftPage(viewer, form, errors, model);
        }
        flash.addFlashAttribute(outcome.refused() ? "error" : "notice", outcome.refused() ? "The signer refused: " + outcome.refusal()
                : "Task #" + outcome.task().number() + " runs under its standard change.");
        return "redirect:/tasks/" + outcome.task().id();
    }

    @GetMapping("/tasks/approvals")
    String queue(Viewer viewer, Model model) {
        model.addAttribute("entries", queries.queue(viewer));
        model.addAttribute("mayApprove", TaskService.APPROVE.allows(viewer));
        model.addAttribute("credentials", credentials(viewer));
        return "automation/tasks/queue";
    }

    @GetMapping("/tasks/{taskId}")
    String task(Viewer viewer, @PathVariable UUID taskId, Model model) {
        TaskQueries.TaskDetail detail = queries.detail(viewer, taskId);
        model.addAttribute("task", detail.task());
        model.addAttribute("runs", detail.runs());
        model.addAttribute("entry", detail.task().awaitingApproval() ? queries.review(viewer, taskId) : null);
        model.addAttribute("mayApprove", TaskService.APPROVE.allows(viewer) && !detail.task().requestedBy().equals(viewer.userId().value()));
        model.addAttribute("mayCancel", detail.task().cancellable()
                && (TaskService.APPROVE.allows(viewer) || detail.task().requestedBy().equals(viewer.userId().value())));
        model.addAttribute("credentials", credentials(viewer));
        return "automation/tasks/task";
    }

    @PostMapping("/tasks/{taskId}/approve")
    String approve(Viewer viewer, @PathVariable UUID taskId, @RequestParam MultiValueMap<String, String> form, RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        TaskService.ApprovalOutcome outcome = Forms.attempt(errors, () -> tasks.approve(viewer, taskId, assertion(form)));
        if (outcome == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else if (outcome.refused()) {
            flash.addFlashAttribute("error", "The signer refused: " + outcome.refusal() + " Nothing was queued.");
        } else {
            flash.addFlashAttribute("notice", "Approved and signed: the devices will receive it.");
        }
        return "redirect:/tasks/" + taskId;
    }

    @PostMapping("/tasks/{taskId}/reject")
    String reject(Viewer viewer, @PathVariable UUID taskId, @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
        return decided(flash, taskId, () -> tasks.reject(viewer, taskId, reason), "Rejected.");
    }

    @PostMapping("/tasks/{taskId}/cancel")
    String cancel(Viewer viewer, @PathVariable UUID taskId, @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
        return decided(flash, taskId, () -> tasks.cancel(viewer, taskId, reason), "Cancelled.");
    }

    /** The device page's task panel (loaded by htmx). */
    @GetMapping("/devices/{deviceId}/tasks")
    String devicePanel(Viewer viewer, @PathVariable DeviceId deviceId, Model model) {
        model.addAttribute("history", queries.deviceHistory(viewer, deviceId));
        model.addAttribute("device", devices.get(viewer, deviceId));
        return "automation/tasks/device-panel";
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(SignerGateway.Unavailable.class)
    String unavailable(SignerGateway.Unavailable e, Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(503);
        model.addAttribute("status", 503);
        model.addAttribute("message", "The signer cannot be reached; nothing was signed. Try again in a moment.");
        return "error";
    }

    private String decided(RedirectAttributes flash, UUID taskId, java.util.function.Supplier<Task> action, String done) {
        Map<String, String> errors = new LinkedHashMap<>();
        Task t = Forms.attempt(errors, action);
        flash.addFlashAttribute(t == null ? "error" : "notice", t == null ? String.join(" ", errors.values()) : done);
        return "redirect:/tasks/" + taskId;
    }

    /** The draft from the form; {@code sealed}: secret values come sealed from the review page. */
    private TaskDraft draft(Viewer viewer, MultiValueMap<String, String> f, boolean sealed) {
        ZoneId zone = zones.zoneOf(viewer);
        UUID client = uuid(f.getFirst("clientId"));
        Map<String, String> params = new LinkedHashMap<>();
        UUID versionId = uuid(f.getFirst("scriptVersionId"));
        f.forEach((k, v) -> {
            if (k.startsWith("param.") && !v.isEmpty() && !v.get(0).isEmpty()) {
                params.put(k.substring(6), v.get(0));
            } else if (sealed && k.startsWith("sealed.") && !v.isEmpty() && !v.get(0).isEmpty()) {
                String name = k.substring(7);
                // Only a SECRET parameter may take a sealed value: opened into any other, it would be shown and signed
                // in the clear, so the form would decrypt any sealed value someone got hold of.
                boolean secret = versionId != null && catalog.version(versionId).map(ver -> ver.parameters().stream()
                        .anyMatch(p -> p.name().equals(name) && p.type() == ScriptCatalog.ParameterType.SECRET)).orElse(false);
                if (!secret) {
                    throw new InvalidInputException("sealed", "A sealed value is accepted only for a secret parameter of the "
                            + "chosen script version, and " + name + " is none.");
                }
                params.put(name, secrets.open(v.get(0)));
            }
        });
        List<UUID> deviceIds = new ArrayList<>();
        f.getOrDefault("deviceIds", List.of()).forEach(d -> deviceIds.add(uuid(d)));
        return new TaskDraft(client == null ? null : new ClientId(client), uuid(f.getFirst("scriptVersionId")), params, blankNull(f.getFirst("targetKind")),
                deviceIds, uuid(f.getFirst("targetId")), blankNull(f.getFirst("schedule")), time(f.getFirst("startAt"), "startAt", zone),
                time(f.getFirst("expiresAt"), "expiresAt", zone), number(f.getFirst("maxConcurrent"), "maxConcurrent"),
                number(f.getFirst("stopAfterFailures"), "stopAfterFailures"), uuid(f.getFirst("ticketId")), uuid(f.getFirst("changeTicketId")));
    }

    /** What the review page carries back: the draft's fields, secrets sealed, and the statement's exact times. */
    private Map<String, List<String>> carried(MultiValueMap<String, String> form, TaskDraft draft) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.equals("_csrf") || k.startsWith("sealed.") || k.equals("startAt") || k.equals("expiresAt")) {
                return;
            }
            if (k.startsWith("param.")) {
                var def = catalog.version(draft.scriptVersionId()).flatMap(ver -> ver.parameters().stream()
                        .filter(p -> p.name().equals(k.substring(6))).findFirst()).orElse(null);
                if (def != null && def.type() == ScriptCatalog.ParameterType.SECRET) {
                    out.put("sealed." + def.name(), v.stream().map(secrets::seal).toList());
                    return;
                }
            }
            out.put(k, v);
        });
        return out;
    }

    private List<String> credentials(Viewer viewer) {
        return passkeys.passkeysOf(viewer.userId()).stream().map(PasskeyDirectory.Passkey::credentialId).toList();
    }

    private static PasskeyAssertion assertion(MultiValueMap<String, String> f) {
        String id = f.getFirst("credentialId");
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("assertion", "Sign with your passkey (your browser asks for it when you submit).");
        }
        return new PasskeyAssertion(id, f.getFirst("authenticatorData"), f.getFirst("clientDataJson"), f.getFirst("signature"),
                blankNull(f.getFirst("userHandle")));
    }

    private static UUID uuid(String s) {
        try {
            return s == null || s.isBlank() ? null : UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(Forms.GLOBAL, "Not a valid id: " + s);
        }
    }

    private static Integer number(String s, String field) {
        try {
            return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "A whole number.");
        }
    }

    /** A time typed in the viewer's zone (datetime-local), or an exact instant carried from the review page. */
    private static Instant time(String s, String field, ZoneId zone) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return s.endsWith("Z") ? Instant.parse(s.strip()) : LocalDateTime.parse(s.strip()).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "Not a date and time.");
        }
    }

    private static Instant instant(String s, String field) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "Not an instant.");
        }
    }

    private static String blankNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
