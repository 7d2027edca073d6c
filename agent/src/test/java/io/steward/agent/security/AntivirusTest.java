package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.security.SecurityCheckMessages;

class AntivirusTest {
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SecurityCheckMessages.Plan PLAN = SecurityCheckMessages.DEFAULT_PLAN;

    @TempDir
    Path tmp;

    @Test
    void clamscansSignatureDateIsReadInTheDevicesZone() {
        FakePrograms programs = new FakePrograms().answer("clamscan", 0, "ClamAV 1.0.7/27480/Sat Dec  5 09:34:12 2026\n");
        var fresh = new Antivirus(programs, false, tmp, 3, CLOCK, ZoneId.of("Europe/Berlin")).evaluate(PLAN);
        assertThat(fresh.status()).isEqualTo(SecurityCheckMessages.PASS);
        // 09:34 in Berlin is 08:34Z: 1 day 1 hour old.
        assertThat(fresh.evidence()).isEqualTo("ClamAV 1.0.7/27480/Sat Dec  5 09:34:12 2026; signatures 1 days 1 hours old, limit 3 days");

        programs.answer("clamscan", 0, "ClamAV 1.0.7/27400/Sun Nov 29 09:34:12 2026\n");
        var old = new Antivirus(programs, false, tmp, 3, CLOCK, ZoneOffset.UTC).evaluate(PLAN);
        assertThat(old.status()).isEqualTo(SecurityCheckMessages.FAIL);
        // Too old since three days after the signatures' date.
        assertThat(old.observedAt()).isEqualTo(Instant.parse("2026-12-02T09:34:12Z").toEpochMilli());
    }

    @Test
    void freshclamsDatabaseCountsWhenNewerOrWithoutClamscan() throws Exception {
        Path daily = Files.writeString(tmp.resolve("daily.cld"), "x");
        Files.setLastModifiedTime(daily, FileTime.from(NOW.minusSeconds(3600)));
        var r = new Antivirus(new FakePrograms(), false, tmp, 3, CLOCK, ZoneOffset.UTC).evaluate(PLAN);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(r.evidence()).startsWith("ClamAV " + daily + " updated 2026-12-06T09:00:00Z");

        FakePrograms stale = new FakePrograms().answer("clamscan", 0, "ClamAV 1.0.7/27400/Sun Nov 29 09:34:12 2026\n");
        assertThat(new Antivirus(stale, false, tmp, 3, CLOCK, ZoneOffset.UTC).evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.PASS);
    }

    @Test
    void noAntivirusFails() {
        var r = new Antivirus(new FakePrograms(), false, tmp.resolve("clamav"), 3, CLOCK, ZoneOffset.UTC).evaluate(PLAN);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(r.evidence()).startsWith("no antivirus found");
    }

    @Test
    void windowsDefenderOnWithRecentSignatures() {
        String captured = FakePrograms.captured("windows-defender.json");
        FakePrograms programs = new FakePrograms().answer(Antivirus.WINDOWS_SCRIPT, 0, captured);
        var r = new Antivirus(programs, true, tmp, 3, CLOCK, ZoneOffset.UTC).evaluate(PLAN);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(r.evidence()).isEqualTo("Microsoft Defender on, signatures 1.421.1234.0; signatures 1 days 6 hours old, limit 3 days");

        programs.answer(Antivirus.WINDOWS_SCRIPT, 0, captured.replace("\"RealTimeProtectionEnabled\":true", "\"RealTimeProtectionEnabled\":false"));
        var off = new Antivirus(programs, true, tmp, 3, CLOCK, ZoneOffset.UTC).evaluate(PLAN);
        assertThat(off.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(off.evidence()).isEqualTo("Microsoft Defender: antivirus on, real-time protection off");

        var strict = new Antivirus(new FakePrograms().answer(Antivirus.WINDOWS_SCRIPT, 0, captured), true, tmp, 1, CLOCK, ZoneOffset.UTC).evaluate(PLAN);
        assertThat(strict.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(strict.observedAt()).isEqualTo(Instant.parse("2026-12-06T03:12:44Z").toEpochMilli());
    }

    @Test
    void versionDates() {
        assertThat(Antivirus.versionDate("ClamAV 0.103.11", ZoneOffset.UTC)).isNull();
        assertThat(Antivirus.versionDate("ClamAV 1.0.7/27480/Sat Dec 12 23:01:00 2026", ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-12-12T23:01:00Z"));
    }
}
