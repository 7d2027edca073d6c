package io.steward.server.servicedesk.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;


/** The queue's named views and its sortable column headers. */
final class QueueViews {
    /** View name to button label, in the order the buttons show. */
    static final Map<String, String> LABELS = labels();
    static final List<String> NAMES = io.steward.server.servicedesk.SavedView.VIEWS;
    /** The columns the queue's headers sort by, as the page and API name them. */
    static final List<String> COLUMNS = List.of("number", "title", "client", "priority", "status", "assignee", "opened", "updated", "due");
    private static final String OPEN = "NEW,ASSIGNED,IN_PROGRESS,WAITING_ON_CLIENT";

    private QueueViews() {
    }

    private static Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("open", "All open");
        m.put("mine", "Mine");
        m.put("tier", "My tier");
        m.put("unassigned", "Unassigned");
        m.put("risk", "At risk");
        m.put("breached", "Breached");
        m.put("resolved", "Resolved");
        m.put("closed", "Closed");
        m.put("all", "All");
        return m;
    }

    /** The statuses a view shows, in the list API's {@code status} syntax. */
    static String statuses(String view) {
        return switch (view) {
            case "resolved" -> "RESOLVED";
            case "closed" -> "CLOSED";
            case "all" -> "all";
            default -> OPEN;
        };
    }

    /**
     * Each column's header link: the same view, search and filters sorted by that column, ascending, or descending when
     * the list is already sorted by it ascending.
     */
    static Map<String, String> sortLinks(String view, String q, UUID clientId, Map<String, String> narrowed, String sort) {
        String current = sort == null ? "" : sort.strip();
        Map<String, String> links = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            boolean ascending = current.equals(column) || current.equals(column + ",asc");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("view", view);
            if (q != null && !q.isBlank()) {
                params.put("q", q.strip());
            }
            if (clientId != null) {
                params.put("clientId", clientId.toString());
            }
            params.putAll(narrowed);
            params.put("sort", ascending ? column + ",desc" : column);
            links.put(column, "/servicedesk?" + String.join("&", params.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList()));
        }
        return links;
    }
}
