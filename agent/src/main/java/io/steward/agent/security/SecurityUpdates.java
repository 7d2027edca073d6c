package io.steward.agent.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.steward.agent.config.AtomicFiles;
import io.steward.protocol.patch.PatchMessages;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * Security updates are applied automatically, or none has been pending longer than the plan allows. Automatic: apt's
 * unattended-upgrades switched on ({@code APT::Periodic::Unattended-Upgrade "1"} in
 * {@code /etc/apt/apt.conf.d/20auto-upgrades}). Pending: the security updates of the agent's own latest patch scan
 * ({@link io.steward.agent.patch.PatchAgent#lastScan}); the package managers do not say since when an update is
 * available, so the agent notes the scan that first showed each one ({@code security-updates-seen.txt} in its state
 * directory, a line per pending update) and the age counts from there. With automatic updates on, an update pending
 * longer than the limit still fails: the automation is then evidently not working. observedAt of a failure: when the
 * oldest update passed the limit.
 */
final class SecurityUpdates implements Check {
    static final Path AUTO_UPGRADES = Path.of("/etc/apt/apt.conf.d/20auto-upgrades");
    static final String SEEN = "security-updates-seen.txt";

    private final Supplier<PatchMessages.Scan> lastScan;
    private final Path autoUpgrades;
    private final Path stateDir;
    private final Clock clock;

    SecurityUpdates(Supplier<PatchMessages.Scan> lastScan, Path autoUpgrades, Path stateDir, Clock clock) {
        this.lastScan = lastScan;
        this.autoUpgrades = autoUpgrades;
        this.stateDir = stateDir;
        this.clock = clock;
    }

    @Override
    public String id() {
        return SecurityCheckMessages.SECURITY_UPDATES;
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        boolean automatic = automatic(autoUpgrades);
        String auto = automatic ? "unattended-upgrades on (" + autoUpgrades + ")" : "no automatic security updates";
        PatchMessages.Scan scan = lastScan.get();
        if (scan == null || scan.error() != null) {
            String why = scan == null ? "no patch scan yet" : "the last patch scan failed: " + scan.error();
            return automatic ? Check.pass(id(), auto + "; " + why) : Check.unknown(id(), auto + "; " + why);
        }
        Map<String, Long> seen = remember(scan);
        Duration limit = Duration.ofDays(plan.maxSecurityUpdateAgeDays());
        Instant now = clock.instant();
        String oldest = null;
        long oldestAt = Long.MAX_VALUE;
        List<String> overdue = new ArrayList<>();
        for (Map.Entry<String, Long> e : seen.entrySet()) {
            if (e.getValue() < oldestAt) {
                oldestAt = e.getValue();
                oldest = e.getKey();
            }
            if (!Instant.ofEpochMilli(e.getValue()).plus(limit).isAfter(now)) {
                overdue.add(e.getKey());
            }
        }
        String pending = seen.size() + " security updates pending (" + scan.manager() + " scan at " + Instant.ofEpochMilli(scan.scannedAt()) + ")"
                + (oldest == null ? "" : ", oldest " + oldest + " since " + Instant.ofEpochMilli(oldestAt)) + ", limit " + plan.maxSecurityUpdateAgeDays() + " days";
        if (!overdue.isEmpty()) {
            return Check.fail(id(), auto + "; " + pending + "; pending too long: " + String.join(", ", overdue),
                    Instant.ofEpochMilli(oldestAt).plus(limit).toEpochMilli());
        }
        return Check.pass(id(), auto + "; " + pending);
    }

    static boolean automatic(Path file) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith("APT::Periodic::Unattended-Upgrade")) {
                    String v = l.substring("APT::Periodic::Unattended-Upgrade".length()).replace("\"", "").replace(";", "").strip();
                    return !v.isEmpty() && !v.equals("0");
                }
            }
        } catch (IOException e) {
            // absent or unreadable: not automatic
        }
        return false;
    }

    /** The pending security updates ("name candidate") with when each was first seen; what is no longer pending is forgotten. */
    private Map<String, Long> remember(PatchMessages.Scan scan) {
        Path file = stateDir.resolve(SEEN);
        Map<String, Long> before = new TreeMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int last = line.lastIndexOf(' ');
                    if (last > 0) {
                        before.put(line.substring(0, last), Long.parseLong(line.substring(last + 1)));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            before.clear(); // a damaged file starts afresh
        }
        Map<String, Long> now = new TreeMap<>();
        for (PatchMessages.Update u : scan.updates()) {
            if (PatchMessages.SECURITY_YES.equals(u.security())) {
                String key = u.name() + " " + u.candidateVersion();
                now.put(key, before.getOrDefault(key, scan.scannedAt()));
            }
        }
        if (!now.equals(before)) {
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, Long> e : now.entrySet()) {
                lines.add(e.getKey() + " " + e.getValue());
            }
            try {
                Files.createDirectories(stateDir);
                Path tmp = stateDir.resolve(SEEN + ".tmp");
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                AtomicFiles.replace(tmp, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep " + file, e);
            }
        }
        return now;
    }
}
