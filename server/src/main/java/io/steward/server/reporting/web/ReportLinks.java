package io.steward.server.reporting.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where a report's figures link to: the list of tickets behind a figure (with the filter as query parameters,
 * leaving out criteria that are null), a ticket, a device. Device links are null where the viewer has no device
 * pages (the portal).
 */
public record ReportLinks(String reportsBase, String month, String ticketBase, String deviceBase) {

    /** The tickets of this month's report matching pairs of parameter name and value. */
    public String tickets(Object... pairs) {
        return monthTickets(month, pairs);
    }

    /** The tickets of another month's report (the trend columns). */
    public String monthTickets(String otherMonth, Object... pairs) {
        StringBuilder sb = new StringBuilder(reportsBase).append('/').append(otherMonth).append("/tickets");
        char sep = '?';
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            sb.append(sep).append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1].toString(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }

    public String ticket(UUID id) {
        return ticketBase + id;
    }

    public String device(UUID id) {
        return deviceBase == null ? null : deviceBase + id;
    }
}
