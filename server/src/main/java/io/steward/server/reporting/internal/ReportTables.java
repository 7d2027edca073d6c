package io.steward.server.reporting.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.steward.server.reporting.ChangeStanding;
import io.steward.server.shared.InvalidInputException;

/**
 * The row sets behind a report, as plain tables for CSV and JSON export and for the lists a report's figures link
 * to. Ticket rows can be narrowed with the same keys the report's tables use.
 */
public final class ReportTables {
    /** The tables that can be exported, by name. */
    public static final Set<String> NAMES = Set.of("tickets", "devices", "changes");

    private ReportTables() {
    }

    /** Columns and rows; values are strings, numbers, booleans, instants or null. */
    public record Table(List<String> columns, List<List<Object>> rows) {
        public List<Map<String, Object>> records() {
            List<Map<String, Object>> out = new ArrayList<>(rows.size());
            for (List<Object> row : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    Object v = row.get(i);
                    m.put(columns.get(i), v instanceof java.time.Instant || v instanceof java.util.UUID ? v.toString() : v);
                }
                out.add(m);
            }
            return out;
        }

        /** RFC 4180 CSV with a header line; cells that a spreadsheet would run as a formula are quoted with a leading apostrophe. */
        public String csv() {
            StringBuilder sb = new StringBuilder();
            line(sb, new ArrayList<>(columns));
            rows.forEach(r -> line(sb, r));
            return sb.toString();
        }

        private static void line(StringBuilder sb, List<?> cells) {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object v = cells.get(i);
                String s = v == null ? "" : v.toString();
                if (v instanceof String && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
                    s = "'" + s;
                }
                if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
                    s = "\"" + s.replace("\"", "\"\"") + "\"";
                }
                sb.append(s);
            }
            sb.append("\r\n");
        }
    }

    /**
     * Which tickets a figure stands for: any combination of priority, site key (site id, or empty for none), category,
     * source, origin (ALERT or PEOPLE) and SLA state per clock ({@code response=BREACHED}). Unknown values simply
     * match nothing; a malformed state is a 400.
     */
    public record TicketFilter(String priority, String site, String category, String source, String origin, String response, String resolution,
                               Boolean firstContact, Boolean reopened, Boolean resolved, Boolean breached) {
        private static final Set<String> STATES = Set.of("MET", "BREACHED", "RUNNING", "PAUSED");

        public TicketFilter {
            if (response != null && !STATES.contains(response)) {
                throw new InvalidInputException("response", "An SLA state is MET, BREACHED, RUNNING or PAUSED.");
            }
            if (resolution != null && !STATES.contains(resolution)) {
                throw new InvalidInputException("resolution", "An SLA state is MET, BREACHED, RUNNING or PAUSED.");
            }
        }

        public static TicketFilter none() {
            return new TicketFilter(null, null, null, null, null, null, null, null, null, null, null);
        }

        Predicate<ReportAssembler.TicketFacts> predicate() {
            return f -> (priority == null || priority.equals(f.row().priority()))
                    && (site == null || site.equals(f.row().siteId() == null ? "" : f.row().siteId().toString()))
                    && (category == null || category.equals(f.row().category() == null || f.row().category().isBlank() ? "(none)" : f.row().category()))
                    && (source == null || source.equals(f.row().source()))
                    && (origin == null || origin.equals("ALERT".equals(f.row().source()) ? "ALERT" : "PEOPLE"))
                    && (response == null || (f.sla() != null && response.equals(f.sla().response().state())))
                    && (resolution == null || (f.sla() != null && resolution.equals(f.sla().resolution().state())))
                    && (firstContact == null || firstContact == f.firstContact())
                    && (reopened == null || reopened == (f.history().reopens() > 0))
                    && (resolved == null || resolved == (f.resolvedAt() != null))
                    && (breached == null || breached == (f.sla() != null
                        && (f.sla().response().breachedAt() != null || f.sla().resolution().breachedAt() != null)));
        }

        /** Whether any criterion is set. */
        public boolean any() {
            return priority != null || site != null || category != null || source != null || origin != null || response != null
                    || resolution != null || firstContact != null || reopened != null || resolved != null || breached != null;
        }
    }

    public static List<ReportAssembler.TicketFacts> filter(List<ReportAssembler.TicketFacts> facts, TicketFilter filter) {
        return facts.stream().filter(filter.predicate()).toList();
    }

    public static Table tickets(List<ReportAssembler.TicketFacts> facts) {
        List<String> columns = List.of("number", "id", "title", "type", "source", "priority", "category", "site", "openedAt", "firstResponseAt",
                "resolvedAt", "statusAtMonthEnd", "responseWallMinutes", "resolutionWallMinutes", "responseSla", "responseBusinessMinutes",
                "resolutionSla", "resolutionBusinessMinutes", "reopens", "escalations", "firstContactResolution");
        List<List<Object>> rows = new ArrayList<>();
        for (ReportAssembler.TicketFacts f : facts) {
            List<Object> r = new ArrayList<>();
            r.add(f.row().number());
            r.add(f.row().id());
            r.add(f.row().title());
            r.add(f.row().type());
            r.add(f.row().source());
            r.add(f.row().priority());
            r.add(f.row().category());
            r.add(f.site());
            r.add(f.row().openedAt());
            r.add(f.history().firstStaffReplyAt());
            r.add(f.resolvedAt());
            r.add(f.standing());
            r.add(f.responseWallMinutes());
            r.add(f.resolutionWallMinutes());
            r.add(f.sla() == null ? null : f.sla().response().state());
            r.add(f.sla() == null ? null : f.sla().response().elapsedMinutes());
            r.add(f.sla() == null ? null : f.sla().resolution().state());
            r.add(f.sla() == null ? null : f.sla().resolution().elapsedMinutes());
            r.add(f.history().reopens());
            r.add(f.history().escalations());
            r.add(f.firstContact());
            rows.add(r);
        }
        return new Table(columns, rows);
    }

    public static Table devices(List<ReportAssembler.DeviceFacts> facts) {
        List<String> columns = List.of("id", "hostname", "site", "criticality", "os", "approvedAt", "monitoredMinutes", "downtimeMinutes",
                "availabilityPct", "outages", "retiredAt");
        List<List<Object>> rows = new ArrayList<>();
        for (ReportAssembler.DeviceFacts f : facts) {
            List<Object> r = new ArrayList<>();
            r.add(f.device().id());
            r.add(f.device().hostname());
            r.add(f.device().site());
            r.add(f.device().criticality());
            r.add(f.device().os());
            r.add(f.device().approvedAt());
            r.add(f.result().monitoredSeconds() / 60);
            r.add(f.result().downMinutes());
            r.add(f.result().availabilityPct());
            r.add(f.outages());
            r.add(f.device().retiredAt());
            rows.add(r);
        }
        return new Table(columns, rows);
    }

    public static Table changes(List<ReportData.ChangeRow> changes) {
        List<String> columns = List.of("number", "id", "title", "risk", "stageAtMonthEnd", "openedAt", "windowStart", "outcomeAtMonthEnd", "emergency");
        List<List<Object>> rows = new ArrayList<>();
        for (ReportData.ChangeRow c : changes) {
            List<Object> r = new ArrayList<>();
            r.add(c.number());
            r.add(c.id());
            r.add(c.title());
            r.add(c.risk());
            r.add(c.stage());
            r.add(c.openedAt());
            r.add(c.windowStart());
            ChangeStanding standing = ChangeStanding.of(c.stage(), c.outcome());
            r.add(standing.implemented() ? standing.name() : null);
            r.add(c.emergency());
            rows.add(r);
        }
        return new Table(columns, rows);
    }
}
