package io.steward.server.servicedesk.web;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.steward.server.alerting.AlertService;
import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.AttachmentService;
import io.steward.server.servicedesk.Change;
import io.steward.server.servicedesk.ChangeService;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.ProblemService;
import io.steward.server.servicedesk.TicketLinks;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketTimerService;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.TimeEntry;
import io.steward.server.servicedesk.TimeEntryService;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ContactService;
import io.steward.server.tenancy.SiteService;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The staff ticket page: the conversation (description, replies and notes, the composer) or the audit history, a side
 * panel with the people, places and devices involved, and the technician's moves: take it, time it, change its status
 * (resolving asks how it was resolved).
 */
@Controller
class TicketPage {
    private static final Role[] STAFF = {Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN};

    private final TicketService tickets;
    private final TimeEntryService time;
    private final TicketTimerService timers;
    private final ChangeService changes;
    private final AttachmentService attachments;
    private final TicketLinks links;
    private final ProblemService problems;
    private final AlertService alerts;
    private final io.steward.server.alerting.AlertSourceService alertSources;
    private final ContactService contacts;
    private final SiteService sites;
    private final Clock clock;

    TicketPage(TicketService tickets, TimeEntryService time, TicketTimerService timers, ChangeService changes, AttachmentService attachments,
               TicketLinks links, ProblemService problems, AlertService alerts, ContactService contacts, SiteService sites, Clock clock,
               io.steward.server.alerting.AlertSourceService alertSources) {
        this.alertSources = alertSources;
        this.tickets = tickets;
        this.time = time;
        this.timers = timers;
        this.changes = changes;
        this.attachments = attachments;
        this.links = links;
        this.problems = problems;
        this.alerts = alerts;
        this.contacts = contacts;
        this.sites = sites;
        this.clock = clock;
    }

    @GetMapping("/tickets/{ticketId}")
    String show(Viewer viewer, @PathVariable("ticketId") TicketId id, @RequestParam(required = false) String tab, Model model) {
        TicketView t = tickets.get(viewer, id);
        var history = tickets.history(viewer, id);
        var files = attachments.ofTicket(viewer, id);
        model.addAttribute("ticket", t);
        model.addAttribute("tab", "history".equals(tab) ? "history" : "conversation");
        model.addAttribute("history", history);
        model.addAttribute("conversation", Conversation.of(t, history, files).messages());
        model.addAttribute("sla", tickets.sla(viewer, id).orElse(null));
        java.util.Set<TicketStatus> next = tickets.nextStatuses(viewer, t);
        model.addAttribute("next", next);
        model.addAttribute("suggestedStatus", t.status().suggestedNext(next));
        model.addAttribute("staff", tickets.assignableStaff(viewer, id));
        model.addAttribute("timeEntries", time.ofTicket(viewer, id));
        model.addAttribute("timer", timers.get(viewer, id));
        model.addAttribute("canTake", mayTake(viewer, t));
        model.addAttribute("attachments", files);
        model.addAttribute("requester", t.requesterId() == null ? null : found(() -> contacts.get(viewer, t.requesterId())));
        model.addAttribute("site", t.siteId() == null ? null : found(() -> sites.get(viewer, t.siteId())));
        model.addAttribute("links", links.links(viewer, id));
        model.addAttribute("watchers", links.watchers(viewer, id));
        model.addAttribute("watching", links.isWatching(viewer, id));
        Change change = t.type() == TicketType.CHANGE ? changes.get(viewer, id) : null;
        model.addAttribute("change", change);
        model.addAttribute("changeActions", change == null ? null : changes.actions(viewer, change));
        model.addAttribute("changeNoSla", ChangeService.NO_SLA);
        if (t.type() == TicketType.PROBLEM && viewer.isStaff() && !model.containsAttribute("problem")) {
            model.addAttribute("problem", problems.get(viewer, id));
        }
        model.addAttribute("knownErrors", problems.knownErrorsFor(viewer, id));
        model.addAttribute("alert", t.type() == TicketType.INCIDENT ? alerts.ofIncident(viewer, id.value()).orElse(null) : null);
        model.addAttribute("storm", t.type() == TicketType.INCIDENT ? alerts.stormOf(viewer, id.value()).orElse(null) : null);
        model.addAttribute("externalAlert", t.type() == TicketType.INCIDENT ? alertSources.ofIncident(viewer, id.value()).orElse(null) : null);
        model.addAttribute("risks", Change.Risk.values());
        model.addAttribute("outcomes", Change.Outcome.values());
        model.addAttribute("workTypes", TimeEntry.WorkType.values());
        model.addAttribute("levels", Level.values());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("now", clock.instant());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", new HashMap<String, String>());
        }
        return "servicedesk/ticket";
    }

    /** Take it is offered to staff who may work tickets, on an open ticket that is not already theirs (a change follows its stages). */
    private static boolean mayTake(Viewer viewer, TicketView t) {
        return viewer.hasRole(STAFF) && !viewer.readOnly() && t.status().open() && t.type() != TicketType.CHANGE
                && !viewer.userId().equals(t.assigneeId());
    }

    private static <T> T found(java.util.function.Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Changes the status; resolving without a note comes back with the message and the status and note typed. */
    @PostMapping("/tickets/{ticketId}/status")
    String status(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam int version, @RequestParam TicketStatus status,
                  @RequestParam(required = false) String resolutionNote, RedirectAttributes flash) {
        String page = TicketPages.act("/tickets/" + ticketId, flash, () -> tickets.changeStatus(viewer, ticketId, status, resolutionNote, version),
                "Status changed to " + status.name().toLowerCase().replace('_', ' ') + ".");
        if (flash.getFlashAttributes().containsKey("errors")) {
            flash.addFlashAttribute("typedStatus", status);
            flash.addFlashAttribute("typedResolutionNote", resolutionNote == null ? "" : resolutionNote);
        }
        return page;
    }

    @PostMapping("/tickets/{ticketId}/take")
    String take(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam int version, RedirectAttributes flash) {
        return TicketPages.act("/tickets/" + ticketId, flash, () -> tickets.take(viewer, ticketId, version), "You took the ticket; it is in progress.");
    }

    @PostMapping("/tickets/{ticketId}/timer/start")
    String startTimer(Viewer viewer, @PathVariable TicketId ticketId, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> timers.start(viewer, ticketId)) == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", "Timer started.");
        }
        return "redirect:/tickets/" + ticketId;
    }

    @PostMapping("/tickets/{ticketId}/timer/stop")
    String stopTimer(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam(defaultValue = "") String note, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        TimeEntry booked = Forms.attempt(errors, () -> timers.stop(viewer, ticketId, new TicketTimerService.TimerBooking(null, null, note)));
        if (booked == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", "Timer stopped; " + booked.minutes() + " min recorded.");
        }
        return "redirect:/tickets/" + ticketId;
    }
}
