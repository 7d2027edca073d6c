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
import io.steward.server.patching.internal.PolicyRepository;
import io.steward.server.patching.internal.ScanRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
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
    private final PolicyRepository policyRows;
    private final PatchPolicies policies;
    private final PolicyOverrides overrides;
    private final DeviceService devices;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public PatchService(ScanRepository scans, PolicyRepository policyRows, PatchPolicies policies, PolicyOverrides overrides, DeviceService devices,
                        ClientService clients, AuditLog audit, Clock clock) {
        this.overrides = overrides;
        this.scans = scans;
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
        String f = filter == null || filter.isBlank() ? "all" : filter.strip().toLowerCase(Locale.ROOT);
        if (!DEVICE_FILTERS.contains(f)) {
            throw new InvalidInputException("filter", "filter is one of " + String.join(", ", DEVICE_FILTERS) + ".");
        }
        return statuses(viewer, client).stream().filter(s -> switch (f) {
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
        Map<ClientId, List<PatchViews.DeviceStatus>> byClient = new LinkedHashMap<>();
        Map<ClientId, String> names = new HashMap<>();
        for (PatchViews.DeviceStatus s : statuses(viewer, client)) {
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

    /**
     * Outstanding updates across devices, one row per client, package and candidate version, oldest first; optionally
     * of one client, security ones only, fixing one CVE, of one package.
     */
    @Transactional(readOnly = true)
    public List<PatchViews.Outstanding> outstanding(Viewer viewer, ClientId client, boolean securityOnly, String cve, String name) {
        PatchPolicies.requireStaff(viewer);
        if (client != null) {
            clients.get(viewer, client);
        }
        PolicyBook book = overrides.book(viewer, client);
        Map<String, String> decisions = new HashMap<>();
        policyRows.approvals(viewer.scope(), client).forEach(a -> decisions.put(a.clientId() + " " + a.name() + " " + a.version(), a.decision()));
        Map<ClientId, String> names = clientNames(viewer);
        Map<String, List<ScanRepository.UpdateRow>> groups = new LinkedHashMap<>();
        for (ScanRepository.UpdateRow u : scans.updates(viewer.scope(), client, cve(cve), blankToNull(name))) {
            if (!securityOnly || "yes".equals(u.security())) {
                groups.computeIfAbsent(u.clientId() + " " + u.name() + " " + u.candidateVersion(), k -> new ArrayList<>()).add(u);
            }
        }
        SecurityDeadline deadline = new SecurityDeadline(clock);
        List<PatchViews.Outstanding> out = new ArrayList<>();
        groups.forEach((key, rows) -> {
            ScanRepository.UpdateRow first = rows.stream().min(Comparator.comparing(ScanRepository.UpdateRow::firstSeenAt)).orElseThrow();
            PatchPolicy p = book.client(first.clientId());
            String approval = p.heldPackages().contains(first.name()) ? "HELD" : decisions.getOrDefault(key, "PENDING");
            boolean overdue = "yes".equals(first.security()) && rows.stream()
                    .anyMatch(r -> deadline.overdue(r.firstSeenAt(), book.of(r.clientId(), r.deviceId()).securityDeadlineDays()));
            out.add(new PatchViews.Outstanding(first.clientId(), names.getOrDefault(first.clientId(), ""), first.name(), first.candidateVersion(),
                    first.security(), first.severity(), rows.stream().flatMap(r -> r.cves().stream()).distinct().sorted().toList(),
                    (int) rows.stream().map(ScanRepository.UpdateRow::deviceId).distinct().count(), first.firstSeenAt(),
                    deadline.ageDays(first.firstSeenAt()), overdue, approval));
        });
        out.sort(Comparator.comparing(PatchViews.Outstanding::firstSeenAt).thenComparing(PatchViews.Outstanding::name));
        return out;
    }

    /** The devices in scope that have an update fixing {@code cve}, the longest exposed first. */
    @Transactional(readOnly = true)
    public List<PatchViews.Exposure> exposure(Viewer viewer, String cve) {
        PatchPolicies.requireStaff(viewer);
        String id = cve(cve);
        if (id == null) {
            throw new InvalidInputException("cve", "Name a CVE id, like CVE-2026-12345.");
        }
        List<ScanRepository.UpdateRow> fixing = scans.updates(viewer.scope(), null, id, null);
        Map<DeviceId, ScanRepository.ApprovedDevice> known = new HashMap<>();
        scans.approvedDevices(viewer.scope(), null, fixing.stream().map(ScanRepository.UpdateRow::deviceId).distinct().toList())
                .forEach(d -> known.put(d.id(), d));
        PolicyBook book = overrides.book(viewer, null);
        Map<DeviceId, List<PatchViews.Update>> fixes = new LinkedHashMap<>();
        for (ScanRepository.UpdateRow u : fixing) {
            if (known.containsKey(u.deviceId())) {
                fixes.computeIfAbsent(u.deviceId(), k -> new ArrayList<>()).add(view(u, book.of(u.clientId(), u.deviceId())));
            }
        }
        List<PatchViews.Exposure> out = new ArrayList<>();
        fixes.forEach((device, list) -> {
            ScanRepository.ApprovedDevice d = known.get(device);
            out.add(new PatchViews.Exposure(device, d.clientId(), d.clientName(), d.hostname(), list,
                    list.stream().map(PatchViews.Update::firstSeenAt).min(Comparator.naturalOrder()).orElseThrow()));
        });
        out.sort(Comparator.comparing(PatchViews.Exposure::exposedSince).thenComparing(PatchViews.Exposure::hostname));
        return out;
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
        // Overdue = first seen before now minus the client's deadline (SecurityDeadline.overdue), per client of the list.
        // A device whose site or group sets another deadline than its client's has a cutoff of its own.
        Map<ClientId, Instant> overdueBefore = new HashMap<>();
        Map<DeviceId, Instant> deviceOverdueBefore = new HashMap<>();
        for (ScanRepository.ApprovedDevice d : list) {
            int clientDays = book.client(d.clientId()).securityDeadlineDays();
            overdueBefore.computeIfAbsent(d.clientId(), c -> deadline.overdueBefore(clientDays));
            int days = book.of(d.clientId(), d.id()).securityDeadlineDays();
            if (days != clientDays) {
                deviceOverdueBefore.put(d.id(), deadline.overdueBefore(days));
            }
        }
        Map<DeviceId, ScanRepository.ScanFigures> scanOf = new HashMap<>();
        scans.figures(viewer.scope(), client, overdueBefore, deviceOverdueBefore).forEach(s -> scanOf.put(s.row().deviceId(), s));
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
