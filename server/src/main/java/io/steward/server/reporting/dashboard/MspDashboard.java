package io.steward.server.reporting.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.contracts.Priority;

/**
 * The staff dashboard's figures, all within the viewer's client scope and as of {@code asOf}.
 *
 * @param zone           the time zone "today" is counted in
 * @param todayStartsAt  midnight in {@code zone}: {@code breachesToday} counts SLA breaches recorded since
 * @param volumeDays     how many days {@code topClients} looks back, from {@code volumeFrom}
 * @param breachesToday  tickets (any status) whose SLA breached since {@code todayStartsAt}
 * @param topClients     the clients with the most tickets opened since {@code volumeFrom}, most first (at most 5)
 * @param clients        the clients that need attention now: breached open tickets first, then open tickets, then open
 *                       alerts (at most 10; clients with none of these are left out)
 * @param changes        changes submitted for approval and not yet decided
 */
public record MspDashboard(Instant asOf, String zone, Instant todayStartsAt, int volumeDays, Instant volumeFrom,
                           OpenTickets openTickets, long breachesToday, ActiveAlerts alerts, DeviceHealth devices,
                           List<ClientVolume> topClients, Workload workload, List<ClientStanding> clients, PendingChanges changes) {

    /** One client's open tickets (of which breached and at risk) and open alerts. */
    public record ClientStanding(UUID clientId, String name, long open, long breached, long atRisk, long alerts) {
    }

    /** Changes awaiting approval: how many, and the longest waiting (at most 10). */
    public record PendingChanges(long total, List<PendingChange> first) {
    }

    /** A change ticket awaiting approval. */
    public record PendingChange(UUID ticketId, String reference, String title, UUID clientId, String clientName, Instant openedAt) {
    }

    /**
     * Open tickets (NEW, ASSIGNED, IN_PROGRESS, WAITING_ON_CLIENT).
     *
     * @param byStanding every {@link SlaStanding} with its count, zeros included
     * @param byPriority every priority, P1 first, split by standing
     */
    public record OpenTickets(long total, Map<SlaStanding, Long> byStanding, List<PriorityRow> byPriority) {
    }

    /** Open tickets of one priority by SLA standing. */
    public record PriorityRow(Priority priority, long total, long onTrack, long atRisk, long breached, long paused, long none) {
        public long count(SlaStanding s) {
            return switch (s) {
                case ON_TRACK -> onTrack;
                case AT_RISK -> atRisk;
                case BREACHED -> breached;
                case PAUSED -> paused;
                case NONE -> none;
            };
        }
    }

    /** Open alerts by the severity of their policy. */
    public record ActiveAlerts(long total, long critical, long warning) {
    }

    /** Tickets opened by one client in the volume window. */
    public record ClientVolume(UUID clientId, String name, long opened) {
    }

    /** Open tickets per assignee (those with at least one, most first) and the unassigned ones. */
    public record Workload(List<TechnicianLoad> technicians, long unassigned, long unassignedBreached) {
    }

    /** One assignee's open tickets, of which at risk and breached. */
    public record TechnicianLoad(UUID userId, String name, long open, long atRisk, long breached) {
    }
}
