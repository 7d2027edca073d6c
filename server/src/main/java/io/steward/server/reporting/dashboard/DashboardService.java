package io.steward.server.reporting.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The staff (MSP) dashboard and a client's portal dashboard. Figures are computed on each call from the stored
 * tickets, devices and alerts, within the viewer's scope: a technician restricted to some clients counts only those,
 * a portal user only their own client.
 */
@Service
public class DashboardService {
    static final int TOP_CLIENTS = 5;
    static final int RANKED_CLIENTS = 10;
    static final int PENDING_CHANGES = 10;
    static final int RECENT_TICKETS = 10;
    static final int ALERTING_DEVICES = 50;
    private static final DateTimeFormatter LAST_SEEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ENGLISH);

    private final DashboardQueries queries;
    private final DeviceService devices;
    private final ClientService clients;
    private final LatestReport reports;
    private final Clock clock;

    DashboardService(DashboardQueries queries, DeviceService devices, ClientService clients, LatestReport reports, Clock clock) {
        this.queries = queries;
        this.devices = devices;
        this.clients = clients;
        this.reports = reports;
        this.clock = clock;
    }

    /** The period of a staff dashboard from its query parameters; see {@link DashboardPeriod#of}. */
    public DashboardPeriod period(String zone, String days) {
        return DashboardPeriod.of(clock, zone, days);
    }

    /** What the staff viewer's clients need now. Staff only. */
    @Transactional(readOnly = true)
    public MspDashboard msp(Viewer viewer, DashboardPeriod period) {
        if (!viewer.isStaff()) {
            throw new ForbiddenException("The MSP dashboard is for staff.");
        }
        TenantScope scope = viewer.scope();
        Instant now = period.now();
        DashboardQueries.OpenFigures figures = queries.openTickets(scope, now);
        List<DashboardQueries.OpenCount> open = figures.byPriority();

        Map<SlaStanding, Long> byStanding = new EnumMap<>(SlaStanding.class);
        for (SlaStanding s : SlaStanding.values()) {
            byStanding.put(s, 0L);
        }
        Map<Integer, long[]> byPriority = new HashMap<>();
        Map<UUID, long[]> byAssignee = new HashMap<>();
        long total = 0;
        long unassigned = 0;
        long unassignedBreached = 0;
        for (DashboardQueries.OpenCount c : open) {
            total += c.count();
            byStanding.merge(c.standing(), c.count(), Long::sum);
            byPriority.computeIfAbsent(c.priority(), k -> new long[SlaStanding.values().length])[c.standing().ordinal()] += c.count();
            if (c.assignee() == null) {
                unassigned += c.count();
                unassignedBreached += c.standing() == SlaStanding.BREACHED ? c.count() : 0;
            } else {
                long[] load = byAssignee.computeIfAbsent(c.assignee(), k -> new long[3]);
                load[0] += c.count();
                load[1] += c.standing() == SlaStanding.AT_RISK ? c.count() : 0;
                load[2] += c.standing() == SlaStanding.BREACHED ? c.count() : 0;
            }
        }
        List<MspDashboard.PriorityRow> rows = new ArrayList<>();
        for (Priority p : Priority.values()) {
            long[] s = byPriority.getOrDefault(p.level(), new long[SlaStanding.values().length]);
            rows.add(new MspDashboard.PriorityRow(p, java.util.Arrays.stream(s).sum(), s[SlaStanding.ON_TRACK.ordinal()],
                    s[SlaStanding.AT_RISK.ordinal()], s[SlaStanding.BREACHED.ordinal()], s[SlaStanding.PAUSED.ordinal()],
                    s[SlaStanding.NONE.ordinal()]));
        }
        Map<UUID, String> names = queries.userNames(List.copyOf(byAssignee.keySet()));
        List<MspDashboard.TechnicianLoad> technicians = byAssignee.entrySet().stream()
                .map(e -> new MspDashboard.TechnicianLoad(e.getKey(), names.getOrDefault(e.getKey(), "(unknown user)"), e.getValue()[0],
                        e.getValue()[1], e.getValue()[2]))
                .sorted(Comparator.comparingLong(MspDashboard.TechnicianLoad::open).reversed()
                        .thenComparing(MspDashboard.TechnicianLoad::name, String.CASE_INSENSITIVE_ORDER))
                .toList();

        Map<String, Long> alerts = queries.openAlertsBySeverity(scope);
        long critical = alerts.getOrDefault("CRITICAL", 0L);
        long warning = alerts.getOrDefault("WARNING", 0L);
        return new MspDashboard(now, period.zone().getId(), period.todayStarts(), period.days(), period.volumeFrom(),
                new MspDashboard.OpenTickets(total, byStanding, rows), queries.breachedSince(scope, period.todayStarts()),
                new MspDashboard.ActiveAlerts(critical + warning, critical, warning), deviceHealth(scope, now),
                queries.topClients(scope, period.volumeFrom(), TOP_CLIENTS),
                new MspDashboard.Workload(technicians, unassigned, unassignedBreached),
                ClientRanking.rank(figures.byClient(), queries.openAlertsByClient(scope), ids -> queries.clientNames(scope, ids), RANKED_CLIENTS),
                queries.changesAwaitingApproval(scope, PENDING_CHANGES));
    }

    /** The portal user's own client: open tickets, device health and the latest report. Client users only. */
    @Transactional(readOnly = true)
    public ClientDashboard client(Viewer viewer) {
        if (viewer.clientId() == null || viewer.isStaff()) {
            throw new ForbiddenException("The client dashboard is for a client's portal users.");
        }
        // The portal user's scope is exactly their client (Viewer's invariant), so every scoped query counts only it.
        TenantScope scope = viewer.scope();
        Instant now = clock.instant();
        Client client = clients.get(viewer, viewer.clientId());
        Map<io.steward.server.servicedesk.TicketStatus, Long> byStatus = queries.openByStatus(scope, !client.portalShowsAlertTickets());
        return new ClientDashboard(now, client.id().value(), client.name(), byStatus.values().stream().mapToLong(Long::longValue).sum(),
                byStatus, queries.recentOpen(scope, !client.portalShowsAlertTickets(), RECENT_TICKETS), deviceHealth(scope, now), queries.alertingDevices(scope, ALERTING_DEVICES),
                reports.latest(viewer, viewer.clientId()).orElse(null));
    }

    /** The portal user's own client's devices (approved and pending), by hostname, with last contact in the client's time zone. */
    @Transactional(readOnly = true)
    public List<PortalDevice> devices(Viewer viewer) {
        return portalDevices(viewer, null);
    }

    /** One of the portal user's own client's devices; another client's (or a retired one) is not found. */
    @Transactional(readOnly = true)
    public PortalDevice device(Viewer viewer, DeviceId id) {
        return portalDevices(viewer, id.value()).stream().findFirst().orElseThrow(() -> new NotFoundException("No such device."));
    }

    private List<PortalDevice> portalDevices(Viewer viewer, UUID only) {
        if (viewer.clientId() == null || viewer.isStaff()) {
            throw new ForbiddenException("The portal's device list is for a client's portal users; staff use the device registry.");
        }
        Instant now = clock.instant();
        ZoneId zone = ZoneId.of(clients.get(viewer, viewer.clientId()).timeZone());
        return queries.portalDevices(viewer.scope(), only).stream().map(d -> new PortalDevice(d.id(), d.hostname(), d.os(),
                Device.state(d.status(), d.lastSeenAt(), now, devices.heartbeatSeconds()), d.lastSeenAt(), d.lastSeenAt() == null ? null : LAST_SEEN.format(d.lastSeenAt().atZone(zone)),
                d.openAlerts(), d.policies())).toList();
    }

    private DeviceHealth deviceHealth(TenantScope scope, Instant now) {
        return queries.devices(scope, now.minusSeconds(3L * devices.heartbeatSeconds()));
    }
}
