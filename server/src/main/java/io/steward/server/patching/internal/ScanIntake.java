package io.steward.server.patching.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.steward.protocol.patch.PatchMessages;
import io.steward.server.devices.DeviceService;
import io.steward.server.patching.PatchViews;
import io.steward.server.shared.AgentDevice;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an agent's scan: the scan row, the device's available updates (keeping when each was first seen) and the
 * history of what changed since the last good scan, in one transaction with the message's sequence number. A failed
 * scan (with an error) is recorded but keeps the updates of the last good one; a scan older than the stored one
 * (delivered late from the agent's spool) is acknowledged and ignored.
 */
@Service
public class ScanIntake {
    /** History entries kept per device, newest first. */
    public static final int HISTORY_PER_DEVICE = 500;

    private final ScanRepository scans;
    private final EmergencyRepository emergencies;
    private final AttemptRepository attempts;
    private final DeviceService devices;
    private final Clock clock;

    ScanIntake(ScanRepository scans, EmergencyRepository emergencies, AttemptRepository attempts, DeviceService devices, Clock clock) {
        this.scans = scans;
        this.emergencies = emergencies;
        this.attempts = attempts;
        this.devices = devices;
        this.clock = clock;
    }

    @Transactional
    public PatchMessages.ScanResponse accept(AgentDevice device, PatchMessages.Scan scan) {
        DeviceService.requireApproved(device);
        Instant now = clock.instant();
        ScanCheck.check(scan, now);
        devices.acceptSequence(device, "patch-scan");
        Instant scannedAt = Instant.ofEpochMilli(scan.scannedAt());
        var stored = scans.lockScan(device.deviceId());
        if (stored.isPresent() && stored.get().scan().scannedAt().isAfter(scannedAt)) {
            return new PatchMessages.ScanResponse(scan.seq(), false, "A newer scan is stored already.");
        }
        boolean good = scan.error() == null;
        PatchMessages.Cost cost = scan.cost() == null ? new PatchMessages.Cost(0, 0, 0) : scan.cost();
        scans.saveScan(device.deviceId(), device.clientId(), scan.seq(), now, new PatchViews.Scan(scannedAt, now, scan.manager(),
                scan.rebootRequired(), scan.rebootPackages() == null ? List.of() : scan.rebootPackages(),
                scan.metadataRefreshedAt() == null ? null : Instant.ofEpochMilli(scan.metadataRefreshedAt()), cost.wallMillis(), cost.cpuMillis(),
                cost.maxRssKib(), scan.error(), good ? now : null));
        if (good) {
            applyUpdates(device, scan.updates(), now);
            emergencies.track(device.clientId(), device.deviceId(), now);
            // A version no longer offered was installed (or superseded): its failed attempts are over.
            attempts.clearGone(device.deviceId());
        }
        return new PatchMessages.ScanResponse(scan.seq(), true, null);
    }

    private void applyUpdates(AgentDevice device, List<PatchMessages.Update> updates, Instant now) {
        Map<String, ScanRepository.UpdateRow> before = new HashMap<>();
        for (ScanRepository.UpdateRow r : scans.updates(device.deviceId())) {
            before.put(key(r.name(), r.arch()), r);
        }
        List<ScanRepository.UpdateRow> after = new ArrayList<>();
        List<ScanRepository.HistoryRow> history = new ArrayList<>();
        for (PatchMessages.Update u : updates) {
            String arch = u.arch() == null ? "" : u.arch();
            ScanRepository.UpdateRow old = before.remove(key(u.name(), arch));
            List<String> cves = u.cves() == null ? List.of() : List.copyOf(new TreeSet<>(u.cves()));
            ScanRepository.UpdateRow row = new ScanRepository.UpdateRow(device.deviceId(), device.clientId(), u.name(), arch,
                    nonNull(u.installedVersion()), u.candidateVersion(), nonNull(u.origin()), u.security(), nonNull(u.severity()), cves, u.held(),
                    old == null ? now : old.firstSeenAt());
            after.add(row);
            if (old == null || !old.candidateVersion().equals(row.candidateVersion())) {
                history.add(new ScanRepository.HistoryRow(device.deviceId(), device.clientId(), now, "FIRST_SEEN", row.name(), arch,
                        row.installedVersion(), row.candidateVersion(), row.security(), row.origin()));
            }
        }
        for (ScanRepository.UpdateRow gone : before.values()) {
            history.add(new ScanRepository.HistoryRow(device.deviceId(), device.clientId(), now, "GONE", gone.name(), gone.arch(),
                    gone.installedVersion(), gone.candidateVersion(), gone.security(), "no longer offered: installed, or the package removed"));
        }
        scans.replaceUpdates(device.deviceId(), after);
        scans.addHistory(device.deviceId(), history, HISTORY_PER_DEVICE);
    }

    private static String key(String name, String arch) {
        return name + "\0" + arch;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
