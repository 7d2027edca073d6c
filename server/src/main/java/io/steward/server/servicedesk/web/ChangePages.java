package io.steward.server.servicedesk.web;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.steward.server.servicedesk.Change;
import io.steward.server.servicedesk.ChangeService;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.shared.ViewerZones;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The change panel's forms on a change ticket's page (plan, emergency flag, submit, approve or reject, schedule, start,
 * implement, review) and the change calendar. A refused form comes back on the ticket page with what was typed.
 */
@Controller
class ChangePages {
    private final ChangeService changes;
    private final Clock clock;
    private final ViewerZones zones;

    ChangePages(ChangeService changes, Clock clock, ViewerZones zones) {
        this.changes = changes;
        this.clock = clock;
        this.zones = zones;
    }

    @PostMapping("/tickets/{ticketId}/change/{action}")
    String changeAction(Viewer viewer, @PathVariable("ticketId") TicketId id, @PathVariable String action, @RequestParam Map<String, String> f,
                        RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        Object done = Forms.attempt(errors, () -> switch (action) {
            case "plan" -> changes.plan(viewer, id, new ChangeService.Plan(
                    enumOf(Change.Risk.class, f.get("risk"), "risk"), f.get("implementationPlan"),
                    f.get("backoutPlan"), intOf(f.get("approvalsRequired"), "approvalsRequired")));
            case "submit" -> changes.submit(viewer, id);
            case "start" -> changes.start(viewer, id);
            case "approve" -> changes.decide(viewer, id, true, f.get("comment"));
            case "reject" -> changes.decide(viewer, id, false, f.get("comment"));
            case "schedule" -> changes.schedule(viewer, id, localInstant(f.get("windowStart"), "windowStart", zones.zoneOf(viewer)),
                    localInstant(f.get("windowEnd"), "windowEnd", zones.zoneOf(viewer)));
            case "emergency" -> changes.emergency(viewer, id, Boolean.parseBoolean(f.get("emergency")));
            case "implemented" -> changes.implemented(viewer, id, Change.Outcome.parse(f.get("outcome")));
            case "review" -> changes.reviewed(viewer, id, f.get("outcome"));
            default -> throw new NotFoundException("No such action.");
        });
        if (done == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
            flash.addFlashAttribute("errors", errors);
            // What was typed comes back in the change's forms (plan, comment, window), not an empty form.
            flash.addFlashAttribute("changeTyped", Map.copyOf(f));
        } else {
            flash.addFlashAttribute("notice", "Change updated.");
        }
        return "redirect:/tickets/" + id;
    }

    @GetMapping("/servicedesk/changes")
    String changeCalendar(Viewer viewer, Model model) {
        java.time.Instant from = clock.instant().minus(java.time.Duration.ofDays(7));
        model.addAttribute("entries", changes.calendar(viewer, from, from.plus(java.time.Duration.ofDays(60))));
        return "servicedesk/changes";
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "Choose one of the options.");
        }
    }

    private static int intOf(String value, String field) {
        try {
            return Integer.parseInt(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "Enter a whole number.");
        }
    }

    /** Change windows are entered in the viewer's own zone, the one the page shows times in (the API takes any instant). */
    private static java.time.Instant localInstant(String value, String field, java.time.ZoneId zone) {
        try {
            return java.time.LocalDateTime.parse(value == null ? "" : value.strip()).atZone(zone).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(field, "Use a date and time such as 2026-11-28T22:00.");
        }
    }
}
