package io.steward.server.patching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.steward.server.audit.AuditLog;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.patching.internal.DeviceStandings;
import io.steward.server.patching.internal.FleetQueries;
import io.steward.server.patching.internal.OutstandingRepository;
import io.steward.server.patching.internal.OutstandingSnapshot;
import io.steward.server.patching.internal.PolicyRepository;
import io.steward.server.patching.internal.ScanRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Page;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The patch views, for staff in their scope (a technician limited to some clients sees only theirs): a device's
 * scan, updates and history; devices by patch status; compliance per client; outstanding updates across devices
 * with their approval; devices exposed to a CVE; and decisions (mass approval) on package versions.
 */
@Service
public class PatchService {
    public static final List<String> DEVICE_FILTERS = List.of("all", "missing", "security", "overdue", "reboot", "stale");
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,9}");
    private static final int HISTORY_SHOWN = 200;

    private final ScanRepository scans;
    private final FleetQueries fleet;
    private final DeviceStandings standings;
    private final OutstandingRepository keptRows;
    private final OutstandingSnapshot kept;
    private final PolicyRepository policyRows;
    private final PolicyOverrides overrides;
    private final DeviceService devices;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public PatchService(ScanRepository scans, FleetQueries fleet, DeviceStandings standings, OutstandingRepository keptRows, OutstandingSnapshot kept, PolicyRepository policyRows, PolicyOverrides overrides, DeviceService devices,
                        ClientService clients, AuditLog audit, Clock clock) {
        this.overrides = overrides;
        this.scans = scans;
        this.fleet = fleet;
        this.standings = standings;
        this.keptRows = keptRows;
        this.kept = kept;
        this.policyRows = policyRows;
        this.devices = devices;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /** One device's scan, updates (oldest first) and history (newest first). */
    @Transactional(readOnly = true)
    public PatchViews.DevicePatches device(Viewer viewer, DeviceId id) {
        Device d = devices.get(viewer, id);
        PatchPolicy policy = overrides.book(viewer, d.clientId()).of(d.clientId(), id);
        PatchViews.Scan scan = scans.scan(id).map(ScanRepository.ScanRow::scan).orElse(null);
        List<PatchViews.Update> updates = scans.updates(id).stream().map(u -> view(u, policy)).sorted(OLDEST_FIRST).toList();
        return new PatchViews.DevicePatches(id, d.clientId(), d.hostname(), scan, updates, scans.history(id, HISTORY_SHOWN),
                policy.securityDeadlineDays(), scan != null && scan.lastGoodAt() != null && updates.stream().noneMatch(PatchViews.Update::overdue),
                stale(scan, policy));
    }

    /** Approved devices in scope (optionally of one client) with their patch status, filtered by {@link #DEVICE_FILTERS}. */
    @Transactional(readOnly = true)
    public List<PatchViews.DeviceStatus> devices(Viewer viewer, ClientId client, String filter) {
        PatchPolicies.requireStaff(viewer);
        DeviceStandings.Filter f = filter(filter);
        SecurityDeadline deadline = new SecurityDeadline(clock);
        return standings.devices(viewer.scope(), client, f, cutoffs(overrides.book(viewer, client), deadline), null, 0).rows().stream()
                .map(s -> status(s, deadline)).toList();
    }

    /**
     * The central page's two fleet views: compliance per client in scope, and the first {@code shown} devices
     * (optionally of one client) that {@code filter} ({@link #DEVICE_FILTERS}) keeps, with how many it keeps.
     */
    public record Overview(List<PatchViews.ClientSummary> clients, List<PatchViews.DeviceStatus> devices, long devicesTotal) {
    }

    @Transactional(readOnly = true)
    public Overview overview(Viewer viewer, ClientId client, String filter, int shown) {
        PatchPolicies.requireStaff(viewer);
        if (client != null) {
            clients.get(viewer, client);
        }
        DeviceStandings.Filter f = filter(filter);
        PolicyBook book = overrides.book(viewer, null);
        SecurityDeadline deadline = new SecurityDeadline(clock);
        DeviceStandings.Cutoffs cutoffs = cutoffs(book, deadline);
        DeviceStandings.Overview read = standings.overview(viewer.scope(), client, f, cutoffs, shown);
        return new Overview(summaries(book, read.clients()), read.devices().rows().stream().map(s -> status(s, deadline)).toList(),
                read.devices().total());
    }

    private static DeviceStandings.Filter filter(String filter) {
        String f = filter == null || filter.isBlank() ? "all" : filter.strip().toLowerCase(Locale.ROOT);
        if (!DEVICE_FILTERS.contains(f)) {
            throw new InvalidInputException("filter", "filter is one of " + String.join(", ", DEVICE_FILTERS) + ".");
        }
        return DeviceStandings.Filter.valueOf(f.toUpperCase(Locale.ROOT));
    }

    /** Patch standing per client in scope (fleet-wide), or of one client. */
    @Transactional(readOnly = true)
    public List<PatchViews.ClientSummary> clients(Viewer viewer, ClientId client) {
        PatchPolicies.requireStaff(viewer);
        if (client != null) {
            clients.get(viewer, client);
        }
        PolicyBook book = overrides.book(viewer, client);
        return summaries(book, standings.perClient(viewer.scope(), client, cutoffs(book, new SecurityDeadline(clock))));
    }

    private static List<PatchViews.ClientSummary> summaries(PolicyBook book, List<DeviceStandings.Totals> totals) {
        return totals.stream().map(t -> new PatchViews.ClientSummary(t.clientId(), t.clientName(), t.devices(),
                        Compliance.of(t.compliant(), t.scanned(), t.devices() - t.scanned()), t.updates(), t.security(), t.overdue(), t.rebootRequired(),
                        t.stale(), book.client(t.clientId()).securityDeadlineDays()))
                .sorted(Comparator.comparing(PatchViews.ClientSummary::clientName, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    private PatchViews.DeviceStatus status(DeviceStandings.Standing s, SecurityDeadline deadline) {
        return new PatchViews.DeviceStatus(s.deviceId(), s.clientId(), s.clientName(), s.hostname(), s.lastGoodAt(), s.error(), s.updates(),
                s.security(), s.overdue(), s.oldestSecurity() == null ? null : deadline.ageDays(s.oldestSecurity()), s.rebootRequired(), s.stale(),
                s.lastGoodAt() != null && s.overdue() == 0);
    }

    /** The most rows of a page of {@link #outstanding} or {@link #exposure}. */
    public static final int MAX_PAGE_SIZE = 500;

    /**
     * Outstanding updates across devices, one row per client, package and candidate version, oldest first, one page of
     * them; optionally of one client, security ones only, fixing one CVE, of one package. A group's security is its
     * strongest classification, its severity the highest, and it is overdue when one of its security updates is past
     * its device's deadline. A client's or a CVE's list is grouped live in the database; the whole fleet's comes from
     * the groups kept per client (grouping a fleet's million update rows per request took seconds), computed first for
     * any client in scope that never was.
     */
    @Transactional(readOnly = true)
    public PatchViews.OutstandingList outstanding(Viewer viewer, ClientId client, boolean securityOnly, String cve, String name, int page, int size) {
        PatchPolicies.requireStaff(viewer);
        checkPage(page, size);
        if (client != null) {
            clients.get(viewer, client);
        }
        String cveId = cve(cve);
        String packageName = blankToNull(name);
        SecurityDeadline deadline = new SecurityDeadline(clock);
        Map<String, String> decisions = new HashMap<>();
        policyRows.approvals(viewer.scope(), client).forEach(a -> decisions.put(a.clientId() + " " + a.name() + " " + a.version(), a.decision()));
        Map<ClientId, String> names = clientNames(viewer);
        PolicyBook book = overrides.book(viewer, client);
        java.util.function.Function<OutstandingRepository.Kept, PatchViews.Outstanding> shown = g -> {
            String key = g.clientId() + " " + g.name() + " " + g.candidateVersion();
            String approval = book.client(g.clientId()).heldPackages().contains(g.name()) ? "HELD" : decisions.getOrDefault(key, "PENDING");
            return new PatchViews.Outstanding(g.clientId(), names.getOrDefault(g.clientId(), ""), g.name(), g.candidateVersion(), g.security(),
                    g.severity(), g.cves(), g.devices(), g.firstSeenAt(), deadline.ageDays(g.firstSeenAt()),
                    g.dueAt() != null && clock.instant().isAfter(g.dueAt()), approval);
        };
        if (client == null && cveId == null) {
            kept.ensure(viewer.scope());
            OutstandingRepository.Counted<OutstandingRepository.Kept> found = keptRows.list(viewer.scope(), securityOnly, packageName, size, (long) page * size);
            return new PatchViews.OutstandingList(keptRows.asOf(viewer.scope()),
                    new Page<>(found.rows().stream().map(shown).toList(), page, size, found.total()));
        }
        Map<ClientId, Integer> clientDays = new HashMap<>();
        names.keySet().forEach(c -> clientDays.put(c, book.client(c).securityDeadlineDays()));
        OutstandingRepository.Counted<OutstandingRepository.Kept> found = keptRows.live(viewer.scope(), client, securityOnly, cveId, packageName, clientDays,
                deviceDays(book), size, (long) page * size);
        return new PatchViews.OutstandingList(null, new Page<>(found.rows().stream().map(shown).toList(), page, size, found.total()));
    }

    /**
     * The devices in scope that have an update fixing {@code cve}: how many, per client, and one page of them, the
     * longest exposed first.
     */
    @Transactional(readOnly = true)
    public PatchViews.ExposureAnswer exposure(Viewer viewer, String cve, int page, int size) {
        PatchPolicies.requireStaff(viewer);
        checkPage(page, size);
        String id = cve(cve);
        if (id == null) {
            throw new InvalidInputException("cve", "Name a CVE id, like CVE-2026-12345.");
        }
        FleetQueries.Exposed exposed = fleet.exposed(viewer.scope(), id, size, (long) page * size);
        Map<DeviceId, List<ScanRepository.UpdateRow>> fixes = new HashMap<>();
        fleet.fixing(viewer.scope(), id, exposed.devices().stream().map(FleetQueries.ExposedDevice::deviceId).toList())
                .forEach(u -> fixes.computeIfAbsent(u.deviceId(), k -> new ArrayList<>()).add(u));
        PolicyBook book = overrides.book(viewer, null);
        List<PatchViews.Exposure> devicesShown = exposed.devices().stream().map(d -> new PatchViews.Exposure(d.deviceId(), d.clientId(), d.clientName(),
                d.hostname(), fixes.getOrDefault(d.deviceId(), List.of()).stream().map(u -> view(u, book.of(u.clientId(), u.deviceId()))).toList(),
                d.exposedSince())).toList();
        List<PatchViews.ClientExposure> perClient = exposed.clients().stream()
                .map(c -> new PatchViews.ClientExposure(c.clientId(), c.clientName(), c.devices(), c.exposedSince())).toList();
        return new PatchViews.ExposureAnswer(id, exposed.total(), perClient, new Page<>(devicesShown, page, size, exposed.total()));
    }

    /** Approves or rejects package versions for a client (technicians, service managers, admins); audited. Returns how many. */
    @Transactional
    public int decide(Viewer viewer, PatchViews.Decision decision) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        if (decision == null || decision.clientId() == null) {
            throw new InvalidInputException("clientId", "Name the client.");
        }
        clients.get(viewer, decision.clientId());
        if (!List.of("APPROVED", "REJECTED").contains(decision.decision())) {
            throw new InvalidInputException("decision", "decision is APPROVED or REJECTED.");
        }
        List<PatchViews.PackageVersion> packages = decision.packages() == null ? List.of() : decision.packages();
        if (packages.isEmpty() || packages.size() > 1000) {
            throw new InvalidInputException("packages", "Name 1 to 1000 package versions.");
        }
        for (PatchViews.PackageVersion p : packages) {
            if (p == null || p.name() == null || p.version() == null || p.name().isBlank() || p.version().isBlank() || p.name().length() > 200
                    || p.version().length() > 200) {
                throw new InvalidInputException("packages", "Each package has a name and a version (at most 200 characters each).");
            }
        }
        audit.record("patch.decided", "client", decision.clientId().toString(), decision.clientId(), Map.of("decision", decision.decision(),
                "packages", packages.stream().map(p -> p.name() + "=" + p.version()).toList()));
        Instant now = clock.instant();
        packages.forEach(p -> policyRows.decide(decision.clientId(), p, decision.decision(), viewer.email(), now));
        return packages.size();
    }

    /**
     * The instants the views count devices against, from the policies: a security update first seen before its
     * device's cutoff is overdue ({@link SecurityDeadline}), and a device not scanned successfully within twice its
     * policy's interval is stale. Per configured client, the defaults for the rest, and per device a site or group
     * gives another policy.
     */
    private DeviceStandings.Cutoffs cutoffs(PolicyBook book, SecurityDeadline deadline) {
        Map<ClientId, Instant> clientOverdue = new HashMap<>();
        Map<ClientId, Instant> clientStale = new HashMap<>();
        book.configured().forEach((c, p) -> {
            clientOverdue.put(c, deadline.overdueBefore(p.securityDeadlineDays()));
            clientStale.put(c, staleBefore(p));
        });
        Map<DeviceId, Instant> deviceOverdue = new HashMap<>();
        Map<DeviceId, Instant> deviceStale = new HashMap<>();
        book.differing().forEach((d, p) -> {
            deviceOverdue.put(d, deadline.overdueBefore(p.securityDeadlineDays()));
            deviceStale.put(d, staleBefore(p));
        });
        PatchPolicy defaults = PatchPolicy.defaults(null);
        return new DeviceStandings.Cutoffs(deadline.overdueBefore(defaults.securityDeadlineDays()), staleBefore(defaults), clientOverdue, clientStale,
                deviceOverdue, deviceStale);
    }

    /** The deadlines of the devices whose site or group sets another than their client's. */
    private static Map<DeviceId, Integer> deviceDays(PolicyBook book) {
        Map<DeviceId, Integer> out = new HashMap<>();
        book.differing().forEach((d, p) -> out.put(d, p.securityDeadlineDays()));
        return out;
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || page > 1_000_000) {
            throw new InvalidInputException("page", "page is 0 to 1000000.");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException("size", "size is 1 to " + MAX_PAGE_SIZE + ".");
        }
    }

    private Map<ClientId, String> clientNames(Viewer viewer) {
        Map<ClientId, String> names = new HashMap<>();
        clients.summaries(viewer.scope()).forEach(c -> names.put(c.id(), c.name()));
        return names;
    }

    private PatchViews.Update view(ScanRepository.UpdateRow u, PatchPolicy p) {
        SecurityDeadline deadline = new SecurityDeadline(clock);
        return new PatchViews.Update(u.name(), u.arch(), u.installedVersion(), u.candidateVersion(), u.origin(), u.security(), u.severity(), u.cves(),
                u.held(), u.firstSeenAt(), deadline.ageDays(u.firstSeenAt()),
                "yes".equals(u.security()) && deadline.overdue(u.firstSeenAt(), p.securityDeadlineDays()));
    }

    /** Not scanned successfully within twice the policy's interval (or never). */
    private boolean stale(PatchViews.Scan scan, PatchPolicy p) {
        return scan == null || scan.lastGoodAt() == null || scan.lastGoodAt().isBefore(staleBefore(p));
    }

    private Instant staleBefore(PatchPolicy p) {
        return clock.instant().minus(Duration.ofHours(2L * p.scanHours()));
    }

    /** A CVE id as stored (upper case); 400 when it is not one. */
    public static String cveId(String cve) {
        return PatchEmergencies.cve(cve);
    }

    private static String cve(String cve) {
        if (cve == null || cve.isBlank()) {
            return null;
        }
        String id = cve.strip().toUpperCase(Locale.ROOT);
        if (!CVE.matcher(id).matches()) {
            throw new InvalidInputException("cve", "A CVE id looks like CVE-2026-12345.");
        }
        return id;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static final Comparator<PatchViews.Update> OLDEST_FIRST = Comparator.comparing(PatchViews.Update::firstSeenAt)
            .thenComparing(PatchViews.Update::name);
}
