package io.steward.server.backup.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.steward.server.backup.BackupPolicy;
import io.steward.server.backup.BackupViews;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;

/** Which of a client's approved devices should have a backup by its policy's scope, and how many of them have one. */
@Component
public class Expected {
    private final DeviceService devices;

    Expected(DeviceService devices) {
        this.devices = devices;
    }

    /** The client's approved devices the policy says should have a backup. */
    public List<Device> devices(Viewer viewer, ClientId client, BackupPolicy p) {
        if ("NONE".equals(p.scope()) || "GROUP".equals(p.scope()) && p.groupId() == null) {
            return List.of();
        }
        Set<UUID> members;
        try {
            members = "GROUP".equals(p.scope()) ? Set.copyOf(devices.group(viewer, p.groupId()).members())
                    : "DEVICES".equals(p.scope()) ? Set.copyOf(p.deviceIds()) : null;
        } catch (NotFoundException gone) {
            return List.of();
        }
        return devices.everyDevice(viewer, client, "APPROVED").stream().filter(d -> switch (p.scope()) {
            case "ALL" -> true;
            case "SERVERS" -> server(d);
            default -> members.contains(d.id().value());
        }).toList();
    }

    /** A server: a server OS (Windows Server, say), tagged {@code server}, or of HIGH or CRITICAL criticality. */
    public static boolean server(Device d) {
        return d.os() != null && d.os().toLowerCase(Locale.ROOT).contains("server") || d.tags() != null && d.tags().contains("server")
                || "HIGH".equals(d.criticality()) || "CRITICAL".equals(d.criticality());
    }

    /** Coverage of the expected devices by the present jobs' devices. */
    public static BackupViews.Coverage coverage(List<Device> expected, List<JobRepository.JobRow> jobs) {
        Set<UUID> backedUp = new HashSet<>();
        jobs.stream().filter(JobRepository.JobRow::present).forEach(j -> backedUp.add(j.deviceId().value()));
        List<String> missing = expected.stream().filter(d -> !backedUp.contains(d.id().value())).map(Device::hostname).sorted().toList();
        int covered = expected.size() - missing.size();
        return new BackupViews.Coverage(expected.size(), covered, expected.isEmpty() ? null : (int) Math.floor(covered * 100.0 / expected.size()), missing);
    }
}
