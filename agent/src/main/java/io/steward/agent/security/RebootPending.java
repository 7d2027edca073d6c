package io.steward.agent.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.steward.protocol.patch.PatchMessages;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * No reboot has been pending longer than the plan allows. Debian and Ubuntu: {@code /var/run/reboot-required}, pending
 * since the file's modification time (the package that asked wrote it). Elsewhere (dnf's needs-restarting, Windows
 * Update): the agent's latest patch scan says whether a reboot is pending, and since when is the first scan that said
 * so (kept in memory: after an agent restart the clock starts again, so the age is a lower bound). observedAt of a
 * failure: when the pending reboot passed the limit (what fails is the overdue reboot, not the pending one).
 */
final class RebootPending implements Check {
    static final Path RUN = Path.of("/var/run");

    private final Path runDir;
    private final Supplier<PatchMessages.Scan> lastScan;
    private final Clock clock;
    private Instant scanSaysSince;

    RebootPending(Path runDir, Supplier<PatchMessages.Scan> lastScan, Clock clock) {
        this.runDir = runDir;
        this.lastScan = lastScan;
        this.clock = clock;
    }

    @Override
    public String id() {
        return SecurityCheckMessages.REBOOT_PENDING;
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        Path flag = runDir.resolve("reboot-required");
        Instant since = null;
        String source;
        if (Files.exists(flag)) {
            try {
                since = Files.getLastModifiedTime(flag).toInstant();
            } catch (IOException e) {
                return Check.unknown(id(), "cannot read the time of " + flag + ": " + e.getMessage());
            }
            source = flag.toString();
        } else {
            PatchMessages.Scan scan = lastScan.get();
            if (scan != null && scan.error() == null && scan.rebootRequired()) {
                if (scanSaysSince == null) {
                    scanSaysSince = Instant.ofEpochMilli(scan.scannedAt());
                }
                since = scanSaysSince;
                source = "the " + scan.manager() + " patch scan";
            } else {
                scanSaysSince = null;
                if (scan == null && !Files.exists(Path.of("/etc/debian_version"))) {
                    return Check.unknown(id(), "no " + flag + " and no patch scan yet to tell");
                }
                return Check.pass(id(), "no reboot pending (" + (scan == null ? "no " + flag : "the " + scan.manager() + " patch scan") + ")");
            }
        }
        Duration limit = Duration.ofHours(plan.maxRebootPendingHours());
        Duration age = Duration.between(since, clock.instant());
        String evidence = "reboot pending since " + since + " (" + age.toHours() + " hours, limit " + plan.maxRebootPendingHours() + " hours; " + source + ")";
        if (age.compareTo(limit) > 0) {
            return Check.fail(id(), evidence, since.plus(limit).toEpochMilli());
        }
        return Check.pass(id(), evidence);
    }
}
