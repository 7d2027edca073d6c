package io.steward.server.reporting.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.steward.server.reporting.AvailabilityArithmetic;
import io.steward.server.reporting.AvailabilityArithmetic.Interval;
import io.steward.server.reporting.DiskFullForecast;
import io.steward.server.reporting.DowntimeCost;
import io.steward.server.reporting.MonthlyReport;
import io.steward.server.reporting.MonthlyReport.Availability;
import io.steward.server.reporting.MonthlyReport.Capacity;
import io.steward.server.reporting.MonthlyReport.ContractInfo;
import io.steward.server.reporting.MonthlyReport.Count;
import io.steward.server.reporting.MonthlyReport.DeviceFigures;
import io.steward.server.reporting.MonthlyReport.Fleet;
import io.steward.server.reporting.MonthlyReport.Header;
import io.steward.server.reporting.MonthlyReport.Impact;
import io.steward.server.reporting.MonthlyReport.SiteFigures;
import io.steward.server.reporting.ReportPeriod;
import io.steward.server.reporting.ReportSettings;
import io.steward.server.servicedesk.ServiceDeskMetrics;
import io.steward.server.servicedesk.ServiceDeskMetrics.SlaOutcome;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import org.springframework.stereotype.Component;

/**
 * Computes a {@link MonthlyReport} from {@link ReportData}'s queries and the service desk's SLA replay. Also gives the
 * row sets behind the report (tickets, devices, changes) for exports and for the pages a figure links to.
 */
@Component
public class ReportAssembler {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReportAssembler.class);
    static final int TREND_MONTHS = 6;
    static final String NO_SITE = "(no site)";

    private final ReportData data;
    private final ChangeActivityData changeActivity;
    private final RemediationData remediation;
    private final PatchData patchData;
    private final SecurityData securityData;
    private final io.steward.server.backup.BackupMonths backupMonths;
    private final ServiceDeskMetrics metrics;
    private final io.steward.server.tenancy.MspService msp;
    private final org.springframework.transaction.support.TransactionTemplate readOnly;

    public ReportAssembler(ReportData data, ChangeActivityData changeActivity, RemediationData remediation, PatchData patchData, SecurityData securityData,
                           ServiceDeskMetrics metrics, io.steward.server.tenancy.MspService msp,
                           org.springframework.transaction.PlatformTransactionManager transactions, io.steward.server.backup.BackupMonths backupMonths) {
        this.backupMonths = backupMonths;
        this.data = data;
        this.changeActivity = changeActivity;
        this.remediation = remediation;
        this.patchData = patchData;
        this.securityData = securityData;
        this.msp = msp;
        this.metrics = metrics;
        this.readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** A ticket opened in the report month with everything the report says about it. */
    public record TicketFacts(ReportData.TicketRow row, String site, ServiceDeskMetrics.HistoryFacts history, SlaOutcome sla, Instant resolvedAt,
                              Long responseWallMinutes, Long resolutionWallMinutes, long openMinutes, boolean firstContact) {
        /** Where the ticket stood at the report's end: its status, or for a change its stage (a change never submitted is a draft). */
        public String standing() {
            if ("CHANGE".equals(row.type())) {
                return history.stageThen() == null ? "DRAFT" : history.stageThen();
            }
            return history.statusThen();
        }
    }

    /** One device's availability figures for the month, with its outages counted. */
    public record DeviceFacts(ReportData.DeviceRow device, AvailabilityArithmetic.Result result, long outages) {
    }

    /**
     * Independent parts of a report run at once, each on its own connection taken only while it queries: nothing
     * holds a connection while waiting for another part, so concurrent reports queue for the pool instead of
     * deadlocking it. Each part runs under the caller's tenant scope, in a read-only transaction of its own (in which
     * {@link io.steward.server.shared.BulkReads} stream their rows).
     */
    private static final java.util.concurrent.ExecutorService PARTS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private <T> java.util.concurrent.CompletableFuture<T> part(java.util.function.Supplier<T> work) {
        io.steward.server.shared.TenantScope scope = io.steward.server.shared.TenantContext.current();
        return java.util.concurrent.CompletableFuture.supplyAsync(
                () -> io.steward.server.shared.TenantContext.callAs(scope, () -> readOnly.execute(tx -> work.get())), PARTS);
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Computes the report; call it outside a transaction so that its parts can run side by side. */
    public MonthlyReport assemble(Viewer viewer, Client client, ReportPeriod period, Instant generatedAt) {
        long t0 = System.nanoTime();
        ClientId clientId = client.id();
        var ticketsF = part(() -> data.tickets(viewer.scope(), clientId, period));
        var earlierF = part(() -> data.earlierVolumes(viewer.scope(), clientId, period.startOf(period.trailing(TREND_MONTHS).getFirst()), period));
        var historiesF = part(() -> metrics.histories(viewer, clientId, period.from(), period.asOf()));
        var devicesF = part(() -> deviceFacts(viewer, clientId, period));
        var capacityF = part(() -> capacity(viewer, clientId, period));
        var changesF = part(() -> data.changes(viewer.scope(), clientId, period));
        var changeMovesF = part(() -> changeActivity.changeMoves(viewer.scope(), clientId, period));
        var remediationF = part(() -> remediation.remediation(viewer.scope(), clientId, period));
        var patchingF = part(() -> patchData.patching(viewer.scope(), clientId, period));
        var securityF = part(() -> securityData.security(viewer.scope(), clientId, period));
        var backupF = part(() -> backupMonths.month(viewer.scope(), clientId, period.from(), period.to()));
        ReportSettings settings = data.settings(viewer.scope(), clientId);
        Optional<ReportData.ContractRow> contract = data.contract(viewer.scope(), clientId, period);
        double complianceTarget = settings.slaComplianceTargetPct().doubleValue();
        Header header = new Header(clientId.value(), client.name(), msp.name().orElse("Steward"), period.month().toString(),
                period.zone().getId(), period.from(), period.to(), period.asOf(), period.partial(), generatedAt,
                contract.map(c -> new ContractInfo(c.reference(), c.tierName(), c.uptimeTargetPct(), complianceTarget)).orElse(null));
        Map<UUID, String> sites = data.siteNames(viewer.scope(), clientId);
        Map<String, ReportData.Target> targets = contract.map(c -> data.targets(c.tierId())).orElse(Map.of());
        Double uptimeTarget = contract.map(ReportData.ContractRow::uptimeTargetPct).orElse(null);

        List<ReportData.TicketRow> rows = join(ticketsF);
        long t1 = System.nanoTime();
        List<TicketFacts> tickets = ticketFacts(rows, sites, outcomes(viewer, clientId, period, rows, join(historiesF)), period.asOf());
        Map<String, List<TicketFacts>> byPriority = TicketSections.byPriority(tickets);
        long t2 = System.nanoTime();
        List<DeviceFacts> devices = join(devicesF);
        Availability availability = availability(devices, uptimeTarget, contract.isPresent());
        long t3 = System.nanoTime();
        Capacity capacity = join(capacityF);
        long t35 = System.nanoTime();
        MonthlyReport report = new MonthlyReport(header,
                TicketSections.summary(tickets, byPriority, targets, contract.isPresent(), complianceTarget, availability),
                TicketSections.volumes(period, join(earlierF), tickets, sites),
                TicketSections.timing(tickets, byPriority),
                TicketSections.breaches(tickets, contract.isPresent()),
                TicketSections.changes(join(changesF), join(changeMovesF)),
                availability,
                capacity,
                fleet(devices, viewer, clientId, period),
                impact(devices, settings),
                join(remediationF),
                join(patchingF),
                join(securityF),
                join(backupF));
        long t4 = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug("report {} {}: {} tickets, {} devices; parts in parallel, waited for the month's tickets {} ms, then tickets and SLA {} ms, devices {} ms,"
                            + " capacity {} ms; rest {} ms", clientId, period.month(), tickets.size(), devices.size(), (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t35 - t3) / 1_000_000, (t4 - t35) / 1_000_000);
        }
        return report;
    }

    /** The tickets opened in the period, oldest first, with history and SLA as of its end. */
    public List<TicketFacts> ticketFacts(Viewer viewer, ClientId clientId, ReportPeriod period) {
        Map<UUID, String> sites = data.siteNames(viewer.scope(), clientId);
        List<ReportData.TicketRow> rows = data.tickets(viewer.scope(), clientId, period);
        List<TicketFacts> facts = ticketFacts(rows, sites, outcomes(viewer, clientId, period, rows,
                metrics.histories(viewer, clientId, period.from(), period.asOf())), period.asOf());
        facts.sort(Comparator.comparing((TicketFacts f) -> f.row().openedAt()).thenComparingLong(f -> f.row().number()));
        return facts;
    }

    /** The SLA outcomes of the month's tickets, replayed from histories read beside them. */
    private Map<TicketId, ServiceDeskMetrics.TicketOutcome> outcomes(Viewer viewer, ClientId clientId, ReportPeriod period,
                                                                     List<ReportData.TicketRow> rows, ServiceDeskMetrics.Histories histories) {
        Map<UUID, Instant> opened = HashMap.newHashMap(rows.size());
        rows.forEach(r -> opened.put(r.id(), r.openedAt()));
        return metrics.outcomes(viewer, clientId, period.zone(), opened, histories, period.asOf());
    }

    private List<TicketFacts> ticketFacts(List<ReportData.TicketRow> rows, Map<UUID, String> sites,
                                          Map<TicketId, ServiceDeskMetrics.TicketOutcome> outcomes, Instant asOf) {
        List<TicketFacts> out = new ArrayList<>(rows.size());
        for (ReportData.TicketRow r : rows) {
            ServiceDeskMetrics.TicketOutcome o = outcomes.get(new TicketId(r.id()));
            ServiceDeskMetrics.HistoryFacts h = o == null ? new ServiceDeskMetrics.HistoryFacts(null, null, "NEW", 0, 0, 0) : o.facts();
            boolean resolved = h.lastResolvedAt() != null && ("RESOLVED".equals(h.statusThen()) || "CLOSED".equals(h.statusThen()));
            Instant resolvedAt = resolved ? h.lastResolvedAt() : null;
            Long response = h.firstStaffReplyAt() == null ? null : TicketSections.minutes(r.openedAt(), h.firstStaffReplyAt());
            Long resolution = resolvedAt == null ? null : TicketSections.minutes(r.openedAt(), resolvedAt);
            long open = TicketSections.minutes(r.openedAt(), resolvedAt == null ? asOf : resolvedAt);
            boolean firstContact = resolved && h.reopens() == 0 && h.escalations() == 0 && h.staffReplies() <= 1;
            out.add(new TicketFacts(r, r.siteId() == null ? NO_SITE : sites.getOrDefault(r.siteId(), NO_SITE), h,
                    o == null ? null : o.sla(), resolvedAt, response, resolution, open, firstContact));
        }
        return out;
    }

    /** The tickets of each priority, in one pass; the sections below read each priority's share several times. */
    /** Each device's availability over the period. */
    public List<DeviceFacts> deviceFacts(Viewer viewer, ClientId clientId, ReportPeriod period) {
        List<ReportData.DeviceRow> devices = data.devices(viewer.scope(), clientId, period);
        Map<UUID, List<Interval>> outages = new HashMap<>();
        for (ReportData.Outage o : data.outages(viewer.scope(), clientId, period.from(), period.asOf())) {
            outages.computeIfAbsent(o.deviceId(), k -> new ArrayList<>()).add(new Interval(o.start(), o.end()));
        }
        List<Interval> everyDevice = new ArrayList<>();
        Map<UUID, List<Interval>> perDevice = new HashMap<>();
        for (ReportData.Window w : data.maintenance(viewer.scope(), clientId, period.from(), period.asOf())) {
            if (w.deviceId() == null) {
                everyDevice.add(new Interval(w.start(), w.end()));
            } else {
                perDevice.computeIfAbsent(w.deviceId(), k -> new ArrayList<>()).add(new Interval(w.start(), w.end()));
            }
        }
        List<DeviceFacts> out = new ArrayList<>(devices.size());
        for (ReportData.DeviceRow d : devices) {
            List<Interval> windows = new ArrayList<>(everyDevice);
            windows.addAll(perDevice.getOrDefault(d.id(), List.of()));
            // A device retired during the period is measured up to its retirement, not held down for the rest of it.
            Instant end = d.retiredAt() != null ? d.retiredAt() : period.asOf();
            List<Interval> down = outages.getOrDefault(d.id(), List.of()).stream().filter(o -> o.start().isBefore(end)).toList();
            out.add(new DeviceFacts(d, AvailabilityArithmetic.measure(period.from(), end, d.approvedAt(), down, windows), down.size()));
        }
        return out;
    }

    static DeviceFigures figures(DeviceFacts f) {
        return new DeviceFigures(f.device().id(), f.device().hostname(), f.device().site() == null ? NO_SITE : f.device().site(),
                f.device().criticality(), f.result().monitoredSeconds() / 60, f.result().downMinutes(), f.result().availabilityPct(), f.outages());
    }

    private Availability availability(List<DeviceFacts> devices, Double uptimeTarget, boolean hasContract) {
        if (devices.isEmpty()) {
            return new Availability("The client had no approved device this month.", uptimeTarget, 0, null, List.of(), List.of(), 0);
        }
        AvailabilityArithmetic.Result total = new AvailabilityArithmetic.Result(0, 0);
        Map<String, AvailabilityArithmetic.Result> bySite = new LinkedHashMap<>();
        Map<String, UUID> siteIds = new HashMap<>();
        Map<String, Long> siteDevices = new HashMap<>();
        for (DeviceFacts f : devices) {
            total = total.plus(f.result());
            String site = f.device().site() == null ? NO_SITE : f.device().site();
            bySite.merge(site, f.result(), AvailabilityArithmetic.Result::plus);
            siteDevices.merge(site, 1L, Long::sum);
            if (f.device().siteId() != null) {
                siteIds.put(site, f.device().siteId());
            }
        }
        List<SiteFigures> sites = new ArrayList<>();
        bySite.forEach((site, r) -> sites.add(new SiteFigures(siteIds.get(site), site, siteDevices.get(site), r.monitoredSeconds() / 60,
                r.downMinutes(), r.availabilityPct())));
        sites.sort(Comparator.comparing(SiteFigures::site));
        List<DeviceFigures> worst = devices.stream().filter(f -> f.result().downSeconds() > 0)
                .sorted(Comparator.comparingLong((DeviceFacts f) -> f.result().downSeconds()).reversed()
                        .thenComparing(f -> f.device().hostname()))
                .limit(10).map(ReportAssembler::figures).toList();
        long below = uptimeTarget == null ? 0 : devices.stream()
                .filter(f -> f.result().availabilityPct() != null && f.result().availabilityPct() < uptimeTarget).count();
        DeviceFigures overall = new DeviceFigures(null, "All devices", "", "", total.monitoredSeconds() / 60,
                devices.stream().mapToLong(f -> f.result().downMinutes()).sum(), total.availabilityPct(),
                devices.stream().mapToLong(DeviceFacts::outages).sum());
        String note = !hasContract ? "No contract was in force this month, so there is no uptime target."
                : uptimeTarget == null ? "The contract sets no uptime target." : null;
        return new Availability(note, uptimeTarget, devices.size(), overall, sites, worst, below);
    }

    private Capacity capacity(Viewer viewer, ClientId clientId, ReportPeriod period) {
        ZoneId zone = period.zone();
        ReportData.CapacityRows rows = data.capacity(viewer.scope(), clientId, period, 10);
        List<MonthlyReport.DiskGrowth> disks = rows.disks().stream()
                .map(d -> {
                    LocalDate fullOn = DiskFullForecast.fullOn(d.lastPct(), d.lastAt(), d.slopePerDay(), d.spanDays(), zone);
                    return new MonthlyReport.DiskGrowth(d.deviceId(), d.hostname(), d.volume(), round2(d.lastPct()), round2(d.slopePerDay()), fullOn,
                            DiskFullForecast.daysMeasured(d.spanDays()), DiskFullForecast.describe(fullOn, d.spanDays()));
                })
                .toList();
        List<MonthlyReport.HotSpot> cpu = hot(rows.cpu());
        List<MonthlyReport.HotSpot> memory = hot(rows.memory());
        String note = disks.isEmpty() && cpu.isEmpty() && memory.isEmpty()
                ? "No disk, CPU or memory measurements were kept for this month." : null;
        return new Capacity(note, disks, cpu, memory);
    }

    private static List<MonthlyReport.HotSpot> hot(List<ReportData.LoadRow> rows) {
        return rows.stream().map(r -> new MonthlyReport.HotSpot(r.deviceId(), r.hostname(), round2(r.mean()), round2(r.peak()), r.hoursAbove90()))
                .toList();
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private Fleet fleet(List<DeviceFacts> devices, Viewer viewer, ClientId clientId, ReportPeriod period) {
        if (devices.isEmpty()) {
            return new Fleet("The client had no approved device this month.", 0, List.of(), List.of(), List.of());
        }
        Map<String, Long> byOs = new TreeMap<>();
        Map<String, Long> byAge = new LinkedHashMap<>();
        List<String> ages = List.of("under 90 days", "90 days to 1 year", "1 to 3 years", "over 3 years");
        ages.forEach(a -> byAge.put(a, 0L));
        for (DeviceFacts f : devices) {
            byOs.merge(f.device().os() == null || f.device().os().isBlank() ? "(unknown)" : f.device().os(), 1L, Long::sum);
            long days = Duration.between(f.device().enrolledAt(), period.asOf()).toDays();
            byAge.merge(days < 90 ? ages.get(0) : days < 365 ? ages.get(1) : days < 3 * 365 ? ages.get(2) : ages.get(3), 1L, Long::sum);
        }
        Map<UUID, String> hostnames = new HashMap<>();
        // Only devices still in service at the month's end can be agents offline then.
        devices.stream().filter(f -> f.device().retiredAt() == null)
                .forEach(f -> hostnames.put(f.device().id(), f.device().hostname()));
        Instant sevenDays = period.asOf().minus(Duration.ofDays(7));
        List<MonthlyReport.OfflineAgent> offline = new ArrayList<>();
        Map<UUID, Instant> since = new HashMap<>();
        for (ReportData.Outage o : data.outages(viewer.scope(), clientId, period.asOf().minusSeconds(1), period.asOf())) {
            if (o.end() == null && !o.start().isAfter(sevenDays) && hostnames.containsKey(o.deviceId())) {
                since.merge(o.deviceId(), o.start(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        since.forEach((id, at) -> offline.add(new MonthlyReport.OfflineAgent(id, hostnames.get(id), at, Duration.between(at, period.asOf()).toDays())));
        offline.sort(Comparator.comparing(MonthlyReport.OfflineAgent::offlineSince).thenComparing(MonthlyReport.OfflineAgent::hostname));
        return new Fleet(null, devices.size(), byOs.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue())).toList(),
                byAge.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue())).toList(), offline);
    }

    private Impact impact(List<DeviceFacts> devices, ReportSettings settings) {
        List<DeviceFacts> critical = devices.stream().filter(f -> "CRITICAL".equals(f.device().criticality())).toList();
        long minutes = critical.stream().mapToLong(f -> f.result().downMinutes()).sum();
        BigDecimal cost = DowntimeCost.of(minutes, settings.downtimeCostPerHour());
        String note = critical.isEmpty() ? "The client had no device marked critical this month."
                : settings.downtimeCostPerHour() == null ? "No cost per hour of downtime is configured for this client." : null;
        List<DeviceFigures> down = critical.stream().filter(f -> f.result().downSeconds() > 0)
                .sorted(Comparator.comparingLong((DeviceFacts f) -> f.result().downSeconds()).reversed()).map(ReportAssembler::figures).toList();
        return new Impact(note, critical.size(), minutes, settings.downtimeCostPerHour(), settings.currency(), cost, down);
    }
}
