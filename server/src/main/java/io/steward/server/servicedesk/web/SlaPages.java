package io.steward.server.servicedesk.web;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.ServiceDeskMetrics;
import io.steward.server.servicedesk.SlaBoard;
import io.steward.server.servicedesk.SlaBoardService;
import io.steward.server.servicedesk.SlaPreview;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The SLA preview a service manager uses to explain a due time, and a client's monthly figures. */
@Controller
class SlaPages {
    private final SlaPreview preview;
    private final ServiceDeskMetrics metrics;
    private final ClientService clients;
    private final Clock clock;
    private final io.steward.server.servicedesk.PriorityMatrixService matrices;
    private final SlaBoardService board;

    SlaPages(SlaPreview preview, ServiceDeskMetrics metrics, ClientService clients, Clock clock, io.steward.server.servicedesk.PriorityMatrixService matrices,
             SlaBoardService board) {
        this.matrices = matrices;
        this.board = board;
        this.preview = preview;
        this.metrics = metrics;
        this.clients = clients;
        this.clock = clock;
    }

    /** Start and pauses are local times in the client's zone; pauses one per line as "from - to". */
    @GetMapping("/sla/preview")
    String preview(Viewer viewer, @RequestParam(required = false) UUID clientId, @RequestParam(required = false) Priority priority,
                   @RequestParam(required = false) String start, @RequestParam(defaultValue = "") String pauses, Model model) {
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("clientId", clientId);
        model.addAttribute("priority", priority);
        model.addAttribute("start", start == null ? "" : start);
        model.addAttribute("pauses", pauses);
        Map<String, String> errors = new HashMap<>();
        if (clientId != null && start != null) {
            SlaPreview.Result result = Forms.attempt(errors, () -> {
                Client client = clients.get(viewer, new ClientId(clientId));
                ZoneId zone = ZoneId.of(client.timeZone());
                List<SlaPreview.Pause> list = new ArrayList<>();
                for (String line : pauses.split("\\R")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] span = line.split(" - ");
                    if (span.length != 2) {
                        throw new InvalidInputException("pauses", "Write each pause as 2026-11-20T16:00 - 2026-11-23T09:00.");
                    }
                    list.add(new SlaPreview.Pause(local(span[0], zone, "pauses"), local(span[1], zone, "pauses")));
                }
                return preview.preview(viewer, new SlaPreview.Request(clientId, priority, local(start, zone, "start"), list, null, null, null, null));
            });
            model.addAttribute("result", result);
        }
        model.addAttribute("errors", errors);
        return "servicedesk/sla-preview";
    }

    /**
     * The SLA board: every open ticket whose clock runs, the one due first at the top, coloured by standing; filtered by
     * client and support tier. The page polls itself (htmx) and swaps in only the board.
     */
    @GetMapping("/servicedesk/board")
    String board(Viewer viewer, @RequestParam(required = false) String clientId, @RequestParam(required = false) Integer tier, Model model) {
        // The filter form sends an empty clientId for "All clients".
        ClientId client = clientId == null || clientId.isBlank() ? null : ClientId.parse(clientId.strip());
        SlaBoard b = board.board(viewer, client, tier);
        model.addAttribute("board", b);
        model.addAttribute("now", b.asOf());
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        org.springframework.web.util.UriComponentsBuilder self = org.springframework.web.util.UriComponentsBuilder.fromPath("/servicedesk/board");
        if (client != null) {
            self.queryParam("clientId", client.value());
        }
        if (tier != null) {
            self.queryParam("tier", tier);
        }
        model.addAttribute("self", self.build().toUriString());
        return "servicedesk/board";
    }

    @GetMapping("/servicedesk/metrics")
    String metrics(Viewer viewer, @RequestParam(required = false) UUID clientId, @RequestParam(required = false) String month, Model model) {
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        YearMonth m = month == null || month.isBlank() ? YearMonth.from(clock.instant().atZone(ZoneId.of("UTC"))) : ServiceDeskExtrasApi.parseMonth(month);
        model.addAttribute("month", m.toString());
        model.addAttribute("clientId", clientId);
        if (clientId != null) {
            model.addAttribute("figures", metrics.month(viewer, new ClientId(clientId), m));
        }
        return "servicedesk/metrics";
    }

    @GetMapping("/servicedesk/priority-matrix")
    String matrix(Viewer viewer, Model model) {
        Map<String, Priority> cells = new HashMap<>();
        PriorityMatrixApi.of(matrices.matrix()).cells().forEach(c -> cells.put(c.impact() + "." + c.urgency(), c.priority()));
        model.addAttribute("cells", cells);
        model.addAttribute("levels", io.steward.server.servicedesk.Level.values());
        model.addAttribute("priorities", Priority.values());
        return "servicedesk/priority-matrix";
    }

    @org.springframework.web.bind.annotation.PostMapping("/servicedesk/priority-matrix")
    String changeMatrix(Viewer viewer, @RequestParam Map<String, String> form,
                        org.springframework.web.servlet.mvc.support.RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        Object saved = Forms.attempt(errors, () -> {
            List<PriorityMatrixApi.Cell> cells = new ArrayList<>();
            for (io.steward.server.servicedesk.Level i : io.steward.server.servicedesk.Level.values()) {
                for (io.steward.server.servicedesk.Level u : io.steward.server.servicedesk.Level.values()) {
                    try {
                        cells.add(new PriorityMatrixApi.Cell(i, u, Priority.valueOf(form.getOrDefault(i + "." + u, ""))));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException("cells", "Choose a priority for every cell.");
                    }
                }
            }
            return matrices.changeMatrix(viewer, PriorityMatrixApi.cells(cells));
        });
        if (saved == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", "Priority matrix saved.");
        }
        return "redirect:/servicedesk/priority-matrix";
    }

    /** A local time in the client's zone; one that does not exist there (skipped by a DST change) is refused, not guessed. */
    static java.time.Instant local(String text, ZoneId zone, String field) {
        try {
            LocalDateTime local = LocalDateTime.parse(text.strip());
            if (zone.getRules().getValidOffsets(local).isEmpty()) {
                throw new InvalidInputException(field, local + " does not exist in " + zone + ": the clocks skip that hour.");
            }
            return local.atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "Use a local date and time such as 2026-11-20T16:00.");
        }
    }
}
