package io.steward.server.reporting.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.servicedesk.TicketStatus;

/**
 * One client's dashboard, as its portal users see it.
 *
 * @param openByStatus       the client's open tickets by status, every open status present
 * @param recentOpen         the most recently opened open tickets (at most 10)
 * @param alertingDevices    approved devices with open alerts, the most critical first (at most 50)
 * @param latestReport       the newest stored monthly report, or null (left out of JSON) when there is none yet
 */
public record ClientDashboard(Instant asOf, UUID clientId, String clientName, long openTickets, Map<TicketStatus, Long> openByStatus,
                              List<OpenTicket> recentOpen, DeviceHealth devices, List<AlertingDevice> alertingDevices,
                              LatestReport.StoredReport latestReport) {

    /** An open ticket as the portal lists it. */
    public record OpenTicket(UUID id, String reference, String title, TicketStatus status, String priority, Instant openedAt) {
    }

    /** A device with open alerts: how many, the worst severity, and the alerting policies' names. */
    public record AlertingDevice(UUID deviceId, String hostname, long alerts, String worstSeverity, List<String> policies) {
    }
}
