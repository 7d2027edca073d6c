package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.protocol.security.SecurityCheckMessages.Plan;

class FailedLogonsTest {
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    static Plan plan(int windowMinutes, int threshold) {
        return new Plan(60, windowMinutes, threshold, List.of(), List.of(), 72, 30);
    }

    @Test
    void theJournalCountsEachAttemptOnceFromTheWindowsStartAndFailsAboveTheThreshold() {
        FakePrograms programs = new FakePrograms().answer("journalctl", 0, FakePrograms.captured("journalctl-auth.json"));
        FailedLogons check = new FailedLogons(programs, false, true, List.of(), CLOCK, ZoneOffset.UTC);

        var failing = check.evaluate(plan(60, 3));
        assertThat(failing.status()).isEqualTo(SecurityCheckMessages.FAIL);
        // Invalid user admin, Failed password alice, su's failure, Invalid user oracle: the duplicates and the accepted login not counted.
        assertThat(failing.evidence()).startsWith("4 failed logons in the last 60 minutes (threshold 3, from the journal), first at 2026-12-06T09:40:00Z")
                .contains("203.0.113.5 (2)", "198.51.100.7 (1)", "user root (1)");
        assertThat(failing.observedAt()).isEqualTo(Instant.parse("2026-12-06T09:40:00Z").toEpochMilli());
        assertThat(programs.ran.get(0)).containsSubsequence("journalctl", "-o", "json", "--since", "@" + NOW.minusSeconds(3600).getEpochSecond(),
                "SYSLOG_FACILITY=4", "SYSLOG_FACILITY=10");

        var atThreshold = check.evaluate(plan(60, 4));
        assertThat(atThreshold.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(atThreshold.observedAt()).isNull();

        // An 18-minute window starts at 09:42: su's failure and the second invalid user remain.
        var shortWindow = check.evaluate(plan(18, 1));
        assertThat(shortWindow.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(shortWindow.evidence()).startsWith("2 failed logons in the last 18 minutes");
        assertThat(shortWindow.observedAt()).isEqualTo(Instant.parse("2026-12-06T09:42:00Z").toEpochMilli());
    }

    @Test
    void theAuthLogIsReadInTheDevicesZoneWhenThereIsNoJournal() throws Exception {
        Path log = tmp.resolve("auth.log");
        Files.writeString(log, FakePrograms.captured("auth-log.txt"));
        FakePrograms programs = new FakePrograms().answer("journalctl", 0, "");
        FailedLogons check = new FailedLogons(programs, false, false, List.of(tmp.resolve("missing"), log), CLOCK, ZoneId.of("Europe/Berlin"));

        var r = check.evaluate(plan(60, 4));
        assertThat(programs.ran).isEmpty();
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        // 10:40 Berlin is 09:40Z; yesterday's line and the one after now are outside the window.
        assertThat(r.evidence()).startsWith("5 failed logons in the last 60 minutes (threshold 4, from " + log + "), first at 2026-12-06T09:40:00Z")
                .contains("203.0.113.5 (1)", "198.51.100.7 (1)", "198.51.100.8 (1)", "198.51.100.9 (1)", "user bob (1)")
                .doesNotContain("203.0.113.99");
        assertThat(r.observedAt()).isEqualTo(Instant.parse("2026-12-06T09:40:00Z").toEpochMilli());
        assertThat(check.evaluate(plan(60, 5)).status()).isEqualTo(SecurityCheckMessages.PASS);
    }

    @Test
    void aClassicSyslogTimeWithoutAYearBelongsToTheYearThatKeepsItInThePast() {
        Instant newYear = Instant.parse("2027-01-01T00:30:00Z");
        assertThat(FailedLogons.syslogTime("Dec 31 23:59:00 h sshd[1]: x", newYear, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-12-31T23:59:00Z"));
        assertThat(FailedLogons.syslogTime("Jan  1 00:10:00 h sshd[1]: x", newYear, ZoneOffset.UTC)).isEqualTo(Instant.parse("2027-01-01T00:10:00Z"));
        assertThat(FailedLogons.syslogTime("garbage", newYear, ZoneOffset.UTC)).isNull();
    }

    @Test
    void aUserWhoSeesOnlyTheirOwnJournalEntriesIsUnknownNotAPass() {
        FakePrograms programs = new FakePrograms();
        programs.outputs.put("journalctl", new io.steward.agent.patch.Commands.Output(0, "",
                "Hint: You are currently not seeing messages from other users and the system.\n      Users in groups 'adm', 'systemd-journal' can see all messages.\n"));
        programs.installed.add("journalctl");
        var r = new FailedLogons(programs, false, true, List.of(), CLOCK, ZoneOffset.UTC).evaluate(plan(60, 10));
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
        assertThat(r.evidence()).contains("cannot read the system journal");
        assertThat(programs.ran.get(0)).doesNotContain("-q");
    }

    @Test
    void noJournalAndNoAuthLogIsUnknown() {
        var r = new FailedLogons(new FakePrograms(), false, false, List.of(tmp.resolve("auth.log")), CLOCK, ZoneOffset.UTC).evaluate(plan(60, 10));
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
        assertThat(r.evidence()).contains("no journal and no readable auth log");
    }

    @Test
    void windowsCountsSecurityEvent4625FromGetWinEvent() {
        String script = FailedLogons.WINDOWS_SCRIPT.replace("{MINUTES}", "60");
        FakePrograms programs = new FakePrograms().answer(script, 0, FakePrograms.captured("windows-4625.json"));
        FailedLogons check = new FailedLogons(programs, true, false, List.of(), CLOCK, ZoneOffset.UTC);
        var r = check.evaluate(plan(60, 2));
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(r.evidence()).startsWith("3 failed logons in the last 60 minutes (threshold 2, from Security event 4625), first at 2026-12-06T09:40:00.123Z")
                .contains("Administrator from 203.0.113.5 (1)", "admin from 203.0.113.5 (1)", "jsmith (1)");
        assertThat(r.observedAt()).isEqualTo(Instant.parse("2026-12-06T09:40:00.123Z").toEpochMilli());
        assertThat(programs.ran.get(0)).startsWith("powershell.exe");
        assertThat(script).contains("Id = 4625", "AddMinutes(-60)");

        // One event: ConvertTo-Json prints a bare object.
        programs.answer(script, 0, FakePrograms.captured("windows-4625-one.json"));
        assertThat(check.evaluate(plan(60, 0)).evidence()).startsWith("1 failed logons");
        // No events: the script prints an empty array.
        programs.answer(script, 0, "[]");
        assertThat(check.evaluate(plan(60, 0)).status()).isEqualTo(SecurityCheckMessages.PASS);
        // Not an administrator: the reason, unknown.
        programs.answer(script, 1, "Attempted to perform an unauthorized operation.");
        assertThat(check.evaluate(plan(60, 0)).status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
    }
}
