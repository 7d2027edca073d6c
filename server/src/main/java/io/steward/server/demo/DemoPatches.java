package io.steward.server.demo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.patch.PatchMessages;
import io.steward.server.patching.PatchScans;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The demo fleet's patch scans, on first start: each device reports a scan chosen from its place in the fleet, so the
 * patch page has security and other updates, CVEs shared across clients, a held package, reboots pending and a failed
 * scan. Stored through patching's own intake, as an agent's scan would be (with sequence numbers no agent reaches).
 */
@Component
class DemoPatches {
    private static final Logger log = LoggerFactory.getLogger(DemoPatches.class);
    private static final long SEQ_BASE = 4_000_000_000_000L;

    private final PatchScans scans;
    private final io.steward.server.devices.DeviceService devices;
    private final io.steward.server.patching.PolicyOverrides overrides;
    private final Clock clock;
    private final DemoBackup backup;

    DemoPatches(PatchScans scans, io.steward.server.devices.DeviceService devices, io.steward.server.patching.PolicyOverrides overrides, Clock clock,
                DemoBackup backup) {
        this.backup = backup;
        this.scans = scans;
        this.devices = devices;
        this.overrides = overrides;
        this.clock = clock;
    }

    /**
     * Each client's critical and important servers as a device group with a patch policy of its own, as MSPs keep
     * them: people choose when they reboot, and their security updates are due within 7 days instead of 14.
     */
    void serverPolicies(io.steward.server.shared.Viewer system, List<DemoFleet.Member> fleet) {
        java.util.Map<io.steward.server.shared.ClientId, List<java.util.UUID>> servers = new java.util.LinkedHashMap<>();
        fleet.stream().filter(m -> List.of("CRITICAL", "HIGH").contains(m.plan().criticality()))
                .forEach(m -> servers.computeIfAbsent(m.client(), k -> new ArrayList<>()).add(m.id().value()));
        servers.forEach((client, ids) -> TenantContext.runAs(TenantScope.of(client), () -> {
            var group = devices.createGroup(system, client, new io.steward.server.devices.DeviceService.GroupDraft("Servers", "STATIC", null, null,
                    List.of(), ids));
            overrides.save(system, client, "GROUP", group.id(), new io.steward.server.patching.PolicyOverride.Draft(null, 7, null, List.of(), "never",
                    null), 0);
        }));
        log.info("Demo: server patch policies for {} clients", servers.size());
    }

    /** The servers' backup jobs, breaches and restore tests (issue 19; {@link DemoBackup}), seeded with the patch data. */
    void backups(List<DemoFleet.Member> fleet) {
        backup.seed(fleet);
    }

    void seed(List<DemoFleet.Member> fleet) {
        int n = 0;
        for (DemoFleet.Member m : fleet) {
            int i = n++;
            AgentDevice device = new AgentDevice(m.id(), m.client(), true, SEQ_BASE + i);
            long at = clock.millis() - 3_600_000L;
            PatchMessages.Scan scan = i % 5 == 3 ? failed(at)
                    : m.plan().os().toLowerCase(java.util.Locale.ROOT).contains("windows") ? windows(i, at) : scan(i, at);
            try {
                TenantContext.runAs(TenantScope.of(m.client()), () -> scans.accept(device, scan));
            } catch (RuntimeException e) {
                log.warn("Demo: no patch scan for {}: {}", m.plan().hostname(), e.getMessage());
            }
        }
        log.info("Demo: patch scans for {} devices", n);
    }

    static PatchMessages.Scan windows(int i, long at) {
        List<PatchMessages.Update> updates = new ArrayList<>();
        updates.add(new PatchMessages.Update("KB5048667", "x64", "", "2026-11 Cumulative Update", "Windows Update", "yes", "critical",
                List.of("CVE-2026-0777", "CVE-2026-0812"), false));
        if (i % 2 == 0) {
            updates.add(new PatchMessages.Update("KB890830", "x64", "", "Malicious Software Removal Tool 5.130", "Windows Update", "no", "", List.of(),
                    false));
        }
        return new PatchMessages.Scan(0, at, "windows-update", i % 3 == 0, List.of(), null, List.copyOf(updates),
                new PatchMessages.Cost(14_000, 6_000, 88_000), null);
    }

    static PatchMessages.Scan failed(long at) {
        return new PatchMessages.Scan(0, at, "apt", false, List.of(), null, List.of(), new PatchMessages.Cost(900, 300, 41_000),
                "E: Could not get lock /var/lib/dpkg/lock-frontend");
    }

    static PatchMessages.Scan scan(int i, long at) {
        List<PatchMessages.Update> updates = new ArrayList<>();
        String security = "Debian-Security:12/stable-security";
        String stable = "Debian:12.8/stable";
        if (i % 7 != 6) {
            updates.add(new PatchMessages.Update("openssl", "amd64", "3.0.14-1~deb12u2", "3.0.15-1~deb12u1", security, "yes", "high",
                    List.of("CVE-2026-0101", "CVE-2026-0102"), false));
            updates.add(new PatchMessages.Update("libssl3", "amd64", "3.0.14-1~deb12u2", "3.0.15-1~deb12u1", security, "yes", "high",
                    List.of("CVE-2026-0101"), false));
        }
        if (i % 4 == 0) {
            updates.add(new PatchMessages.Update("linux-image-amd64", "amd64", "6.1.112-1", "6.1.119-1", security, "yes", "important",
                    List.of("CVE-2026-0777"), true));
        }
        if (i % 2 == 0) {
            updates.add(new PatchMessages.Update("tzdata", "all", "2024a-0+deb12u1", "2025b-0+deb12u1", stable, "no", "", List.of(), false));
        }
        if (i % 5 == 1) {
            updates.add(new PatchMessages.Update("curl", "amd64", "7.88.1-10+deb12u7", "7.88.1-10+deb12u8", "Debian:12/stable-updates", "unknown", "",
                    List.of(), false));
        }
        return new PatchMessages.Scan(0, at, "apt", i % 6 == 0, i % 6 == 0 ? List.of("linux-image-6.1.0-27-amd64") : List.of(), at - 7_200_000L,
                List.copyOf(updates), new PatchMessages.Cost(2_400 + i * 7L % 900, 1_100 + i * 3L % 400, 52_000 + i * 11L % 9_000), null);
    }
}
