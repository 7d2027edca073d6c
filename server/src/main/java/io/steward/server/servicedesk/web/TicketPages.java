package io.steward.server.servicedesk.web;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.TicketDraft;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.TicketUpdate;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The technician's queue, the new-ticket form and the ticket page's smaller actions ({@link TicketPage} shows it). */
@Controller
class TicketPages {
    private final TicketService tickets;
    private final ClientService clients;
    private final Clock clock;
    private final io.steward.server.servicedesk.TimeEntryService time;
    private final io.steward.server.servicedesk.ChangeService changes;
    private final io.steward.server.servicedesk.AttachmentService attachments;
    private final io.steward.server.servicedesk.TicketLinks links;
    private final io.steward.server.servicedesk.ProblemService problems;
    private final io.steward.server.servicedesk.SavedViewService savedViews;

    TicketPages(TicketService tickets, ClientService clients, Clock clock, io.steward.server.servicedesk.TimeEntryService time,
                io.steward.server.servicedesk.ChangeService changes, io.steward.server.servicedesk.AttachmentService attachments,
                io.steward.server.servicedesk.TicketLinks links, io.steward.server.servicedesk.ProblemService problems,
                io.steward.server.servicedesk.SavedViewService savedViews) {
        this.savedViews = savedViews;
        this.problems = problems;
        this.links = links;
        this.attachments = attachments;
        this.changes = changes;
        this.tickets = tickets;
        this.clients = clients;
        this.clock = clock;
        this.time = time;
    }

    /**
     * The queue: every open ticket (the default), mine, my tier, unassigned, at risk, breached, resolved, closed or all;
     * sorted by SLA due unless {@code sort} names a column. A search without a view looks in every status, and a search
     * that is nothing but the number of a ticket the viewer may see opens that ticket (the header's search box). The
     * finer filters (status, sla, assignee, opened/breached since) are what the dashboard's figures link to.
     */
    @GetMapping("/servicedesk")
    String queue(Viewer viewer, @RequestParam(required = false) String view, @RequestParam(required = false) String q,
                 @RequestParam(required = false) UUID clientId, @RequestParam(required = false) Priority priority,
                 @RequestParam(required = false) String status, @RequestParam(required = false) String sla,
                 @RequestParam(required = false) String assignee, @RequestParam(required = false) String openedFrom,
                 @RequestParam(required = false) String breachedFrom, @RequestParam(required = false) String sort,
                 @RequestParam(required = false) Integer page, @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        boolean searching = q != null && !q.isBlank();
        String shown = view == null || view.isBlank() ? (searching ? "all" : "open") : view;
        if (!QueueViews.NAMES.contains(shown)) {
            throw new io.steward.server.shared.InvalidInputException("view", "view must be one of " + String.join(", ", QueueViews.NAMES) + ".");
        }
        String who = switch (shown) {
            case "mine" -> "me";
            case "unassigned" -> "none";
            default -> assignee;
        };
        Integer tier = "tier".equals(shown) ? (viewer.supportTier() == null ? 1 : viewer.supportTier()) : null;
        String standing = switch (shown) {
            case "breached" -> "BREACHED";
            case "risk" -> "AT_RISK";
            default -> sla;
        };
        String statuses = status != null && !status.isBlank() ? status : QueueViews.statuses(shown);
        PageQuery pageQuery = PageQuery.of(page, 50, sort, TicketRepository.SORTABLE, TicketRepository.defaultSort(q));
        io.steward.server.shared.Page<TicketView> found = tickets.list(viewer, TicketApi.filter(viewer, q, clientId, statuses, priority, tier,
                who, standing, openedFrom, null, breachedFrom), pageQuery);
        java.util.OptionalLong number = io.steward.server.servicedesk.internal.TicketSearch.number(q);
        if (htmx == null && number.isPresent() && !found.items().isEmpty() && found.items().getFirst().number() == number.getAsLong()) {
            return "redirect:/tickets/" + found.items().getFirst().id();
        }
        model.addAttribute("tickets", found);
        Map<String, String> narrowed = new java.util.LinkedHashMap<>();
        putIfPresent(narrowed, "priority", priority == null ? null : priority.name());
        putIfPresent(narrowed, "status", status);
        putIfPresent(narrowed, "sla", sla);
        putIfPresent(narrowed, "assignee", assignee);
        putIfPresent(narrowed, "openedFrom", openedFrom);
        putIfPresent(narrowed, "breachedFrom", breachedFrom);
        model.addAttribute("narrowed", narrowed);
        model.addAttribute("view", shown);
        // The search form keeps only a view the user chose: from the default queue, a search looks in every status.
        model.addAttribute("chosenView", view == null || view.isBlank() ? null : view);
        model.addAttribute("views", QueueViews.LABELS);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("clientId", clientId);
        model.addAttribute("sort", sort == null ? "" : sort.strip());
        model.addAttribute("sortLinks", QueueViews.sortLinks(shown, q, clientId, narrowed, sort));
        model.addAttribute("savedViews", htmx != null ? java.util.List.of() : savedViews.list(viewer));
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("now", clock.instant());
        return htmx != null ? "servicedesk/queue :: rows" : "servicedesk/queue";
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value.strip());
        }
    }

    @GetMapping("/tickets/new")
    String newTicket(Viewer viewer, @RequestParam(required = false) UUID clientId, Model model) {
        return form(clients, viewer, model, new TicketDraft(clientId, null, null, TicketType.INCIDENT, "", "", "", Level.MEDIUM, Level.MEDIUM, null,
                null, TicketSource.PHONE, null), new HashMap<>());
    }

    @PostMapping("/tickets")
    String create(Viewer viewer, @Valid @ModelAttribute("form") TicketDraft form, BindingResult binding, Model model) {
        Map<String, String> errors = Forms.errors(binding);
        TicketView t = Forms.attempt(errors, () -> tickets.create(viewer, form));
        if (t == null) {
            return form(clients, viewer, model, form, errors);
        }
        return "redirect:/tickets/" + t.id();
    }

    /** The new-ticket form with {@code form}'s values; also filled from a template ({@code TemplatePages}). */
    static String form(ClientService clients, Viewer viewer, Model model, TicketDraft form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("types", TicketType.values());
        model.addAttribute("levels", Level.values());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("sources", TicketSource.values());
        return "servicedesk/new";
    }

    @PostMapping("/tickets/{ticketId}/assignee")
    String assign(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam int version, @RequestParam(required = false) UUID assigneeId,
                  RedirectAttributes flash) {
        return act("/tickets/" + ticketId, flash, () -> tickets.assign(viewer, ticketId, assigneeId, version),
                assigneeId == null ? "Unassigned." : "Assigned.");
    }

    @PostMapping("/tickets/{ticketId}/escalate")
    String escalate(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam int version, @RequestParam(defaultValue = "") String reason,
                    RedirectAttributes flash) {
        return act("/tickets/" + ticketId, flash, () -> tickets.escalate(viewer, ticketId, reason, version), "Escalated to the next tier.");
    }

    /** A reply or internal note from the composer; a file sent with it is attached right after, so it shows with it. */
    @PostMapping("/tickets/{ticketId}/reply")
    String reply(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(defaultValue = "") String body,
                 @RequestParam(defaultValue = "false") boolean internal,
                 @RequestParam(value = "file", required = false) org.springframework.web.multipart.MultipartFile file, RedirectAttributes flash) {
        return act("/tickets/" + ticketId, flash, () -> {
            TicketView t = tickets.reply(viewer, ticketId, body, internal);
            if (file != null && !file.isEmpty()) {
                try {
                    AttachmentApi.store(attachments, viewer, ticketId, file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return t;
        }, internal ? "Note added." : "Reply sent.");
    }

    @PostMapping("/tickets/{ticketId}/time")
    String recordTime(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(defaultValue = "0") String minutes,
                      @RequestParam(defaultValue = "false") boolean billable, @RequestParam(defaultValue = "REMOTE") String workType,
                      @RequestParam(defaultValue = "") String note, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        Object saved = Forms.attempt(errors, () -> {
            int m;
            io.steward.server.servicedesk.TimeEntry.WorkType type;
            try {
                m = Integer.parseInt(minutes.strip());
                type = io.steward.server.servicedesk.TimeEntry.WorkType.valueOf(workType);
            } catch (IllegalArgumentException e) {
                throw new io.steward.server.shared.InvalidInputException("minutes", "Enter whole minutes and a work type.");
            }
            return time.record(viewer, ticketId, new io.steward.server.servicedesk.TimeEntryDraft(m, billable, type, note, null));
        });
        if (saved == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", "Time recorded.");
        }
        return "redirect:/tickets/" + ticketId;
    }

    /** Records a problem's root cause and workaround; on a refusal the text typed comes back in the form. */
    @PostMapping("/tickets/{ticketId}/problem")
    String problem(Viewer viewer, @PathVariable("ticketId") TicketId id, @RequestParam int version, @RequestParam(required = false) String rootCause,
                   @RequestParam(required = false) String workaround, @RequestParam(required = false) String knownError,
                   RedirectAttributes flash) {
        var draft = new io.steward.server.servicedesk.ProblemService.Draft(rootCause, workaround, knownError != null);
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> problems.update(viewer, id, draft, version)) == null) {
            flash.addFlashAttribute("errors", errors);
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
            flash.addFlashAttribute("problem", new io.steward.server.servicedesk.ProblemRecord(id, rootCause == null ? "" : rootCause,
                    workaround == null ? "" : workaround, knownError != null, null, version));
        } else {
            flash.addFlashAttribute("notice", "Problem record saved.");
        }
        return "redirect:/tickets/" + id;
    }

    @PostMapping("/tickets/{ticketId}/attachments")
    String attach(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(value = "file", required = false)
                  org.springframework.web.multipart.MultipartFile file, RedirectAttributes flash) {
        return act("/tickets/" + ticketId, flash, () -> {
            try {
                AttachmentApi.store(attachments, viewer, ticketId, file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return tickets.get(viewer, ticketId);
        }, "File attached.");
    }

    @PostMapping("/tickets/{ticketId}/links")
    String link(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(defaultValue = "") String number,
                @RequestParam(defaultValue = "RELATES_TO") String kind, RedirectAttributes flash) {
        return act("/tickets/" + ticketId, flash, () -> {
            long n = io.steward.server.servicedesk.internal.TicketSearch.number(number)
                    .orElseThrow(() -> new io.steward.server.shared.InvalidInputException("number", "Enter a ticket number such as T-42."));
            links.link(viewer, ticketId, n, kind);
            return tickets.get(viewer, ticketId);
        }, "Linked.");
    }

    @PostMapping("/tickets/{ticketId}/watch")
    String watch(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(defaultValue = "true") boolean watching, RedirectAttributes flash) {
        return act("/tickets/" + ticketId, flash, () -> {
            links.watch(viewer, ticketId, watching);
            return tickets.get(viewer, ticketId);
        }, watching ? "You are watching this ticket." : "You no longer watch this ticket.");
    }

    @PostMapping("/tickets/{ticketId}/edit")
    String edit(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam int version, @Valid @ModelAttribute("edit") TicketUpdate edit,
                BindingResult binding, RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        if (!errors.isEmpty()) {
            flash.addFlashAttribute("errors", errors);
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
            return "redirect:/tickets/" + ticketId;
        }
        return act("/tickets/" + ticketId, flash, () -> tickets.update(viewer, ticketId, edit, version), "Ticket saved.");
    }

    /** Runs an action from a ticket page; a refusal comes back as that page's error message. */
    static String act(String page, RedirectAttributes flash, java.util.function.Supplier<TicketView> action, String done) {
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, action) == null) {
            flash.addFlashAttribute("errors", errors);
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", done);
        }
        return "redirect:" + page;
    }
}
