package io.steward.server.demo;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.platform.PlatformProperties;
import io.steward.server.security.SecurityResults;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo fleet's security checks, once (when no result is stored yet), after the demo is seeded: 30 days of rounds
 * every 12 hours per device, stored through the security module's own intake as received then, so the security pages
 * have a history: mostly passing checks, failures that were detected and fixed (some with the evidence's own time),
 * a few still failing, and unknowns where a check cannot tell. A runner of its own after {@link DemoSeeder} (which
 * keeps the fleet's keys), so the seeder needs no change; no fleet kept (no history, no live agents): nothing to do.
 */
@Component
@Order(20)
class DemoSecurity implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoSecurity.class);
    /** Sequence numbers no agent reaches (the patch scans use 4e12). */
    // Each demo seeder numbers its messages in its own range (patches 4e12, backup 5e12, security 6e12).
    private static final long SEQ_BASE = 6_000_000_000_000L;
    private static final int DAYS = 30;
    private static final Duration EVERY = Duration.ofHours(12);
    private static final Viewer SYSTEM = new Viewer(new io.steward.server.shared.UserId(new java.util.UUID(0, 15)), "demo@steward.invalid",
            "Steward demo", Role.MSP_ADMIN, null, null, TenantScope.all(), false);

    private final DemoProperties demo;
    private final PlatformProperties platform;
    private final DemoFleet fleet;
    private final SecurityResults results;
    private final Clock clock;

    DemoSecurity(DemoProperties demo, PlatformProperties platform, DemoFleet fleet, SecurityResults results, Clock clock) {
        this.demo = demo;
        this.platform = platform;
        this.fleet = fleet;
        this.results = results;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.enabled() || results.anyStored()) {
            return;
        }
        try {
            seed(fleet.load(platform.home().toAbsolutePath().normalize(), SYSTEM));
        } catch (IOException | RuntimeException e) {
            // The rest of the demo does without security checks.
            log.error("Demo security checks could not be seeded", e);
        }
    }

    void seed(List<DemoFleet.Member> members) {
        Instant end = clock.instant().minus(Duration.ofMinutes(30));
        int rounds = (int) (Duration.ofDays(DAYS).toMillis() / EVERY.toMillis());
        int stored = 0;
        for (int i = 0; i < members.size(); i++) {
            DemoFleet.Member m = members.get(i);
            boolean windows = m.plan().os().toLowerCase(Locale.ROOT).contains("windows");
            for (int r = 0; r < rounds; r++) {
                Instant at = end.minus(EVERY.multipliedBy(rounds - 1L - r));
                AgentDevice device = new AgentDevice(m.id(), m.client(), true, SEQ_BASE + (long) i * 100_000 + r);
                SecurityCheckMessages.Results round = new SecurityCheckMessages.Results(device.seq(), at.toEpochMilli(), round(i, r, rounds, windows, at));
                Instant received = at.plusSeconds(2 + i);
                TenantContext.runAs(TenantScope.of(m.client()), () -> results.acceptAsOf(device, round, received));
                stored++;
            }
        }
        log.info("Demo: {} rounds of security checks for {} devices", stored, members.size());
    }

    /** One round of device {@code i}: a scenario by the device's place in the fleet. */
    static List<SecurityCheckMessages.Result> round(int i, int r, int rounds, boolean windows, Instant at) {
        List<SecurityCheckMessages.Result> out = new ArrayList<>();
        for (String check : SecurityCheckMessages.CHECKS) {
            out.add(result(check, i, r, rounds, windows, at));
        }
        return out;
    }

    private static SecurityCheckMessages.Result result(String check, int i, int r, int rounds, boolean windows, Instant at) {
        String pass = SecurityCheckMessages.PASS;
        String fail = SecurityCheckMessages.FAIL;
        return switch (check) {
            // A burst of failed logons on every third device for a day, twice a month; the evidence dates its first one.
            case SecurityCheckMessages.FAILED_LOGONS -> i % 3 == 0 && (r % 30 == 7 || r % 30 == 8)
                    ? new SecurityCheckMessages.Result(check, fail, "37 failed logons in 60 min (sshd: Invalid user admin from 203.0.113.7)",
                    at.minus(Duration.ofMinutes(50)).toEpochMilli())
                    : new SecurityCheckMessages.Result(check, pass, (i + r) % 4 + " failed logons in 60 min", null);
            // Device 1 got a new local admin in the middle of the month; removed two days later.
            case SecurityCheckMessages.ADMIN_GROUP -> i == 1 && r >= rounds / 2 && r < rounds / 2 + 4
                    ? new SecurityCheckMessages.Result(check, fail, (windows ? "Administrators" : "sudo") + ": new member temp-vendor",
                    at.minus(Duration.ofHours(5)).toEpochMilli())
                    : new SecurityCheckMessages.Result(check, pass, windows ? "Administrators: Administrator, it-admin" : "sudo: ops", null);
            // The firewall was off on device 2 for a while, and is off again on device 4 since yesterday.
            case SecurityCheckMessages.FIREWALL -> (i == 2 && r >= 20 && r < 23) || (i == 4 && r >= rounds - 2)
                    ? new SecurityCheckMessages.Result(check, fail, windows ? "Windows Defender Firewall off on the Public profile" : "nftables: no ruleset loaded", null)
                    : new SecurityCheckMessages.Result(check, pass, windows ? "Windows Defender Firewall on (Domain, Private, Public)" : "nftables: 14 rules", null);
            case SecurityCheckMessages.DISK_ENCRYPTION -> windows
                    ? new SecurityCheckMessages.Result(check, i % 2 == 0 ? pass : fail, i % 2 == 0 ? "BitLocker: C: on" : "BitLocker: C: off", null)
                    : new SecurityCheckMessages.Result(check, SecurityCheckMessages.UNKNOWN, "server without disk encryption tooling (lsblk shows no crypt)", null);
            // Signatures went stale for three days on device 0.
            case SecurityCheckMessages.ANTIVIRUS -> i == 0 && r >= 40 && r < 46
                    ? new SecurityCheckMessages.Result(check, fail, windows ? "Defender signatures 4 days old" : "ClamAV daily.cvd 4 days old", null)
                    : new SecurityCheckMessages.Result(check, pass, windows ? "Defender on, signatures current" : "ClamAV daily.cvd 6 h old", null);
            case SecurityCheckMessages.LISTENING_PORTS -> i % 4 == 3 && r >= rounds - 6
                    ? new SecurityCheckMessages.Result(check, fail, "not allowed: 3306/tcp (mysqld)", null)
                    : new SecurityCheckMessages.Result(check, pass, windows ? "3389/tcp allowed" : "22/tcp", null);
            case SecurityCheckMessages.SSH_PASSWORD_LOGIN -> windows
                    ? new SecurityCheckMessages.Result(check, SecurityCheckMessages.UNKNOWN, "no OpenSSH server", null)
                    : new SecurityCheckMessages.Result(check, pass, "PasswordAuthentication no; KbdInteractiveAuthentication no", null);
            case SecurityCheckMessages.SECURITY_UPDATES -> i % 5 == 3 && r >= rounds - 10
                    ? new SecurityCheckMessages.Result(check, fail, "openssl security update pending 34 days", null)
                    : new SecurityCheckMessages.Result(check, pass, "unattended-upgrades on", null);
            default -> i % 3 == 1 && r % 14 >= 12
                    ? new SecurityCheckMessages.Result(check, fail, "reboot pending 80 h (linux-image)", at.minus(Duration.ofHours(80)).toEpochMilli())
                    : new SecurityCheckMessages.Result(check, pass, "no reboot pending", null);
        };
    }
}
