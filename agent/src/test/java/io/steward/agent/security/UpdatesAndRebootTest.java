package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.agent.transport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.patch.PatchMessages;
import io.steward.protocol.security.SecurityCheckMessages;

class UpdatesAndRebootTest {
    static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    static final SecurityCheckMessages.Plan PLAN = new SecurityCheckMessages.Plan(60, 60, 10, List.of(), List.of(), 72, 7);

    @TempDir
    Path tmp;

    static PatchMessages.Scan scan(Instant at, boolean reboot, String... securityPackages) {
        List<PatchMessages.Update> updates = new java.util.ArrayList<>();
        updates.add(new PatchMessages.Update("vim", "amd64", "1", "2", "Debian:stable", PatchMessages.SECURITY_NO, "", List.of(), false));
        for (String p : securityPackages) {
            updates.add(new PatchMessages.Update(p, "amd64", "1", "2", "Debian-Security:stable-security", PatchMessages.SECURITY_YES, "", List.of(), false));
        }
        return new PatchMessages.Scan(1, at.toEpochMilli(), "apt", reboot, List.of(), null, updates, new PatchMessages.Cost(1, 1, 1), null);
    }

    @Test
    void aSecurityUpdateFailsOnceItHasBeenPendingLongerThanThePlanAllowsCountedFromTheScanThatFirstShowedIt() {
        MutableClock clock = new MutableClock(START);
        AtomicReference<PatchMessages.Scan> last = new AtomicReference<>();
        SecurityUpdates check = new SecurityUpdates(last::get, tmp.resolve("20auto-upgrades"), tmp.resolve("state"), clock);

        assertThat(check.evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
        last.set(scan(START, false, "openssl"));
        var first = check.evaluate(PLAN);
        assertThat(first.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(first.evidence()).contains("1 security updates pending", "oldest openssl 2 since 2026-12-01T08:00:00Z");

        clock.advance(Duration.ofDays(6));
        last.set(scan(clock.instant(), false, "openssl", "libc6"));
        assertThat(check.evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.PASS);

        clock.advance(Duration.ofDays(1));
        last.set(scan(clock.instant(), false, "openssl", "libc6"));
        var overdue = check.evaluate(PLAN);
        assertThat(overdue.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(overdue.evidence()).contains("pending too long: openssl 2").doesNotContain("too long: libc6");
        assertThat(overdue.observedAt()).isEqualTo(START.plus(Duration.ofDays(7)).toEpochMilli());

        // Installed: forgotten; the other one counts from its own first scan.
        last.set(scan(clock.instant(), false, "libc6"));
        assertThat(check.evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(new SecurityUpdates(last::get, tmp.resolve("20auto-upgrades"), tmp.resolve("state"), clock).evaluate(PLAN).evidence())
                .contains("oldest libc6 2 since 2026-12-07T08:00:00Z");
    }

    @Test
    void unattendedUpgradesPassWithoutAScanButNotWhenAnUpdateIsEvidentlyLeftBehind() throws Exception {
        MutableClock clock = new MutableClock(START);
        Path auto = Files.writeString(tmp.resolve("20auto-upgrades"), "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n");
        AtomicReference<PatchMessages.Scan> last = new AtomicReference<>();
        SecurityUpdates check = new SecurityUpdates(last::get, auto, tmp.resolve("state"), clock);
        var r = check.evaluate(PLAN);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(r.evidence()).startsWith("unattended-upgrades on (" + auto + "); no patch scan yet");

        last.set(scan(START, false, "openssl"));
        check.evaluate(PLAN);
        clock.advance(Duration.ofDays(8));
        last.set(scan(clock.instant(), false, "openssl"));
        assertThat(check.evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.FAIL);

        Files.writeString(auto, "APT::Periodic::Unattended-Upgrade \"0\";\n");
        assertThat(SecurityUpdates.automatic(auto)).isFalse();
    }

    @Test
    void rebootRequiredFailsAfterThePlansHoursCountedFromTheFilesTime() throws Exception {
        MutableClock clock = new MutableClock(START);
        RebootPending check = new RebootPending(tmp, () -> null, clock);
        // This machine is Debian (the agent's own test machine): without the file nothing is pending.
        if (Files.exists(Path.of("/etc/debian_version"))) {
            assertThat(check.evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.PASS);
        }
        Path flag = Files.writeString(tmp.resolve("reboot-required"), "*** System restart required ***\n");
        Files.setLastModifiedTime(flag, FileTime.from(START.minus(Duration.ofHours(71))));
        var young = check.evaluate(PLAN);
        assertThat(young.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(young.evidence()).startsWith("reboot pending since 2026-11-28T09:00:00Z (71 hours, limit 72 hours");

        clock.advance(Duration.ofHours(2));
        var old = check.evaluate(PLAN);
        assertThat(old.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(old.observedAt()).isEqualTo(START.minus(Duration.ofHours(71)).plus(Duration.ofHours(72)).toEpochMilli());
    }

    @Test
    void withoutTheFileThePatchScanSaysAndTheFirstScanThatSaidSoIsTheStart() {
        MutableClock clock = new MutableClock(START);
        AtomicReference<PatchMessages.Scan> last = new AtomicReference<>(scan(START, true));
        RebootPending check = new RebootPending(tmp, last::get, clock);
        assertThat(check.evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.PASS);
        clock.advance(Duration.ofHours(73));
        last.set(scan(clock.instant(), true));
        var r = check.evaluate(PLAN);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(r.evidence()).contains("since 2026-12-01T08:00:00Z", "the apt patch scan");
        last.set(scan(clock.instant(), false));
        assertThat(check.evaluate(PLAN).evidence()).isEqualTo("no reboot pending (the apt patch scan)");
    }
}
