package io.steward.server.servicedesk;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A user's named ticket view: the queue's filters and sort, opened as {@code /servicedesk?} {@link #query()}.
 *
 * @param filters parameter name to value, among {@link #KEYS}
 * @param query   the same filters as the queue page's query string
 */
public record SavedView(UUID id, String name, Map<String, String> filters, String query) {
    /** The queue's named views. */
    public static final List<String> VIEWS = List.of("open", "mine", "tier", "unassigned", "risk", "breached", "resolved", "closed", "all");
    /** The filters a view may keep: the queue's and the list API's parameters. */
    public static final List<String> KEYS = List.of("view", "q", "status", "clientId", "priority", "tier", "assignee", "sla", "sort");
}
