package io.steward.server.patching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.steward.server.audit.AuditLog;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
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
    private final OutstandingRepository keptRows;
    private final OutstandingSnapshot kept;
    private final PolicyRepository policyRows;
    private final PatchPolicies policies;
    private final PolicyOverrides overrides;
    private final DeviceService devices;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public PatchService(ScanRepository scans, FleetQueries fleet, OutstandingRepository keptRows, OutstandingSnapshot kept, PolicyRepository policyRows, PatchPolicies policies, PolicyOverrides overrides, DeviceService devices,
                        ClientService clients, AuditLog audit, Clock clock) {
        this.overrides = overrides;
        this.scans = scans;
        this.fleet = fleet;
        this.keptRows = keptRows;
        this.kept = kept;
        this.policyRows = policyRows;
        this.policies = policies;
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
        return filtered(statuses(viewer, client), filter);
    }

    /**
     * The central page's two fleet views from one reading of the devices' figures: compliance per client in scope, and
     * the devices (optionally of one client) filtered by {@link #DEVICE_FILTERS}.
     */
    public record Overview(List<PatchViews.ClientSummary> clients, List<PatchViews.DeviceStatus> devices) {
    }

    @Transactional(readOnly = true)
    public Overview overview(Viewer viewer, ClientId client, String filter) {
        if (client != null) {
            clients.get(viewer, client);
        }
        List<PatchViews.DeviceStatus> all = statuses(viewer, null);
        return new Overview(summaries(viewer, all), filtered(client == null ? all : all.stream().filter(s -> s.clientId().equals(client)).toList(),
                filter));
    }

    private static List<PatchViews.DeviceStatus> filtered(List<PatchViews.DeviceStatus> statuses, String filter) {
        String f = filter == null || filter.isBlank() ? "all" : filter.strip().toLowerCase(Locale.ROOT);
        if (!DEVICE_FILTERS.contains(f)) {
            throw new InvalidInputException("filter", "filter is one of " + String.join(", ", DEVICE_FILTERS) + ".");
        }
        return statuses.stream().filter(s -> switch (f) {
            case "missing" -> s.missing() > 0;
            case "security" -> s.security() > 0;
            case "overdue" -> s.overdue() > 0;
            case "reboot" -> s.rebootRequired();
            case "stale" -> s.stale();
            default -> true;
        }).toList();
    }

    /** Patch standing per client in scope (fleet-wide), or of one client. */
    @Transactional(readOnly = true)
    public List<PatchViews.ClientSummary> clients(Viewer viewer, ClientId client) {
        if (client != null) {
            clients.get(viewer, client);
        }
        return summaries(viewer, statuses(viewer, client));
    }

    private List<PatchViews.ClientSummary> summaries(Viewer viewer, List<PatchViews.DeviceStatus> statuses) {
        Map<ClientId, List<PatchViews.DeviceStatus>> byClient = new LinkedHashMap<>();
        Map<ClientId, String> names = new HashMap<>();
        for (PatchViews.DeviceStatus s : statuses) {
            byClient.computeIfAbsent(s.clientId(), k -> new ArrayList<>()).add(s);
            names.put(s.clientId(), s.clientName());
        }
        Map<ClientId, PatchPolicy> all = policies.all(viewer);
        List<PatchViews.ClientSummary> out = new ArrayList<>();
        byClient.forEach((id, list) -> {
            int scanned = (int) list.stream().filter(s -> s.lastScanAt() != null).count();
            int compliant = (int) list.stream().filter(PatchViews.DeviceStatus::compliant).count();
            out.add(new PatchViews.ClientSummary(id, names.get(id), list.size(), Compliance.of(compliant, scanned, list.size() - scanned),
                    sum(list, PatchViews.DeviceStatus::missing), sum(list, PatchViews.DeviceStatus::security), sum(list, PatchViews.DeviceStatus::overdue),
                    (int) list.stream().filter(PatchViews.DeviceStatus::rebootRequired).count(),
                    (int) list.stream().filter(PatchViews.DeviceStatus::stale).count(),
                    all.getOrDefault(id, PatchPolicy.defaults(id)).securityDeadlineDays()));
        });
        out.sort(Comparator.comparing(PatchViews.ClientSummary::clientName, String.CASE_INSENSITIVE_ORDER));
        return out;
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
                deviceDays(scans.approvedDevices(viewer.scope(), client, null), book), size, (long) page * size);
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
     * Every approved device in scope with its patch status. The counts come from the figures kept on each device's scan
     * row (V125: its number of updates and its security updates' first-seen instants), counted against each client's
     * deadline in the database: a fleet of 10,000 devices has about a million update rows, and this runs for every
     * compliance view.
     */
    private List<PatchViews.DeviceStatus> statuses(Viewer viewer, ClientId client) {
        PatchPolicies.requireStaff(viewer);
        List<ScanRepository.ApprovedDevice> list = scans.approvedDevices(viewer.scope(), client, null);
        PolicyBook book = overrides.book(viewer, client);
        SecurityDeadline deadline = new SecurityDeadline(clock);
        Cutoffs cutoffs = cutoffs(list, book, deadline);
        Map<DeviceId, ScanRepository.ScanFigures> scanOf = new HashMap<>();
        scans.figures(viewer.scope(), client, cutoffs.client(), cutoffs.device()).forEach(s -> scanOf.put(s.row().deviceId(), s));
        List<PatchViews.DeviceStatus> out = new ArrayList<>();
        for (ScanRepository.ApprovedDevice d : list) {
            PatchPolicy p = book.of(d.clientId(), d.id());
            ScanRepository.ScanFigures f = scanOf.get(d.id());
            PatchViews.Scan scan = f == null ? null : f.row().scan();
            int overdue = f == null ? 0 : f.overdue();
            Long oldest = f == null || f.oldestSecurity() == null ? null : deadline.ageDays(f.oldestSecurity());
            Instant lastGood = scan == null ? null : scan.lastGoodAt();
            out.add(new PatchViews.DeviceStatus(d.id(), d.clientId(), d.clientName(), d.hostname(), lastGood, scan == null ? null : scan.error(),
                    f == null ? 0 : f.updates(), f == null ? 0 : f.security(), overdue, oldest, scan != null && scan.rebootRequired(), stale(scan, p),
                    lastGood != null && overdue == 0));
        }
        out.sort(Comparator.comparing(PatchViews.DeviceStatus::clientName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(PatchViews.DeviceStatus::hostname, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    /** Instants before which a security update is overdue: per client, and per device whose site or group sets another deadline. */
    private record Cutoffs(Map<ClientId, Instant> client, Map<DeviceId, Instant> device) {
    }

    /** Overdue = first seen before now minus the deadline (SecurityDeadline.overdue), per client of the list and per device differing from it. */
    private static Cutoffs cutoffs(List<ScanRepository.ApprovedDevice> list, PolicyBook book, SecurityDeadline deadline) {
        Map<ClientId, Instant> overdueBefore = new HashMap<>();
        list.forEach(d -> overdueBefore.computeIfAbsent(d.clientId(), c -> deadline.overdueBefore(book.client(c).securityDeadlineDays())));
        Map<DeviceId, Instant> deviceOverdueBefore = new HashMap<>();
        deviceDays(list, book).forEach((d, days) -> deviceOverdueBefore.put(d, deadline.overdueBefore(days)));
        return new Cutoffs(overdueBefore, deviceOverdueBefore);
    }

    /** The deadlines of the devices whose site or group sets another than their client's. */
    private static Map<DeviceId, Integer> deviceDays(List<ScanRepository.ApprovedDevice> list, PolicyBook book) {
        Map<DeviceId, Integer> out = new HashMap<>();
        for (ScanRepository.ApprovedDevice d : list) {
            int days = book.of(d.clientId(), d.id()).securityDeadlineDays();
            if (days != book.client(d.clientId()).securityDeadlineDays()) {
                out.put(d.id(), days);
            }
        }
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
        return scan == null || scan.lastGoodAt() == null || scan.lastGoodAt().isBefore(clock.instant().minus(Duration.ofHours(2L * p.scanHours())));
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

    private static int sum(List<PatchViews.DeviceStatus> list, java.util.function.ToIntFunction<PatchViews.DeviceStatus> f) {
        return list.stream().mapToInt(f).sum();
    }

    private static final Comparator<PatchViews.Update> OLDEST_FIRST = Comparator.comparing(PatchViews.Update::firstSeenAt)
            .thenComparing(PatchViews.Update::name);
}
