package io.steward.agent.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.steward.agent.patch.Commands;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * An antivirus is present and its signatures are younger than the device's local limit ({@code antivirusMaxAgeDays},
 * 7 by default: the server's plan has no such field). Linux: ClamAV, its signature date from {@code clamscan --version}
 * ({@code ClamAV 1.0.7/27480/Sat Dec  6 09:34:12 2026}, local time) or, newer if so, the modification time of
 * freshclam's {@code daily.cvd}/{@code daily.cld} in {@code /var/lib/clamav}; none of them is a fail (no antivirus).
 * Windows: Microsoft Defender ({@code Get-MpComputerStatus}): antivirus and real-time protection on, signatures
 * young enough. A failure for old signatures has observedAt = when they became too old.
 */
final class Antivirus implements Check {
    static final Path CLAMAV_DB = Path.of("/var/lib/clamav");
    static final String WINDOWS_SCRIPT = "Get-MpComputerStatus | Select-Object AMServiceEnabled, AntivirusEnabled, RealTimeProtectionEnabled, "
            + "@{ n = 'AntivirusSignatureLastUpdated'; e = { $_.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('o') } }, "
            + "AntivirusSignatureVersion | ConvertTo-Json -Compress";
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    private final Programs programs;
    private final boolean windows;
    private final Path clamavDb;
    private final int maxAgeDays;
    private final Clock clock;
    private final ZoneId zone;

    Antivirus(Programs programs, boolean windows, Path clamavDb, int maxAgeDays, Clock clock, ZoneId zone) {
        this.programs = programs;
        this.windows = windows;
        this.clamavDb = clamavDb;
        this.maxAgeDays = maxAgeDays;
        this.clock = clock;
        this.zone = zone;
    }

    /** The zone for times written without one; null given: the system's, looked up only when such a time is read (the time zone rules cost memory). */
    private ZoneId zone() {
        return zone != null ? zone : ZoneId.systemDefault();
    }

    @Override
    public String id() {
        return SecurityCheckMessages.ANTIVIRUS;
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        return windows ? defender() : clamav();
    }

    private SecurityCheckMessages.Result defender() {
        Commands.Output out = programs.run(Programs.powershell(WINDOWS_SCRIPT));
        if (!out.ok()) {
            return Check.unknown(id(), "Get-MpComputerStatus failed (Defender missing or replaced by another antivirus): " + out.lastError());
        }
        List<Map<String, Object>> status = JsonTree.objects(JsonTree.parse(out.stdout()));
        if (status.isEmpty()) {
            return Check.unknown(id(), "Get-MpComputerStatus printed nothing");
        }
        Map<String, Object> s = status.get(0);
        if (!JsonTree.truth(s, "AntivirusEnabled") || !JsonTree.truth(s, "RealTimeProtectionEnabled")) {
            return Check.fail(id(), "Microsoft Defender: antivirus " + on(s, "AntivirusEnabled") + ", real-time protection " + on(s, "RealTimeProtectionEnabled"), null);
        }
        String updated = JsonTree.text(s, "AntivirusSignatureLastUpdated");
        Instant at;
        try {
            at = java.time.OffsetDateTime.parse(updated).toInstant();
        } catch (RuntimeException e) {
            return Check.unknown(id(), "Microsoft Defender on, signature date unreadable: " + updated);
        }
        return judge("Microsoft Defender on, signatures " + JsonTree.text(s, "AntivirusSignatureVersion"), at);
    }

    private static String on(Map<String, Object> s, String field) {
        return JsonTree.truth(s, field) ? "on" : "off";
    }

    private SecurityCheckMessages.Result clamav() {
        Instant newest = null;
        String what = null;
        if (programs.installed("clamscan")) {
            Commands.Output out = programs.run(List.of("clamscan", "--version"));
            Instant at = out.ok() ? versionDate(out.stdout(), zone()) : null;
            if (at != null) {
                newest = at;
                what = out.stdout().strip();
            }
        }
        for (String name : List.of("daily.cld", "daily.cvd")) {
            Path db = clamavDb.resolve(name);
            try {
                if (Files.exists(db)) {
                    Instant at = Files.getLastModifiedTime(db).toInstant();
                    if (newest == null || at.isAfter(newest)) {
                        newest = at;
                        what = "ClamAV " + db + " updated " + at;
                    }
                }
            } catch (IOException e) {
                // unreadable: the other source may still tell
            }
        }
        if (newest == null) {
            return programs.installed("clamscan") ? Check.unknown(id(), "clamscan is installed but shows no signature date")
                    : Check.fail(id(), "no antivirus found (ClamAV: no clamscan, no " + clamavDb + "/daily.cvd or daily.cld)", null);
        }
        return judge(what, newest);
    }

    private SecurityCheckMessages.Result judge(String what, Instant signatures) {
        Instant staleAt = signatures.plus(Duration.ofDays(maxAgeDays));
        long ageHours = Duration.between(signatures, clock.instant()).toHours();
        String evidence = what + "; signatures " + (ageHours / 24) + " days " + (ageHours % 24) + " hours old, limit " + maxAgeDays + " days";
        return clock.instant().isAfter(staleAt) ? Check.fail(id(), evidence, staleAt.toEpochMilli()) : Check.pass(id(), evidence);
    }

    /** The signature date of {@code ClamAV 1.0.7/27480/Sat Dec  6 09:34:12 2026} (ctime format, local time); null without one. */
    static Instant versionDate(String version, ZoneId zone) {
        String[] parts = version.strip().split("/");
        if (parts.length < 3) {
            return null;
        }
        String[] f = parts[2].strip().split("\\s+");
        if (f.length != 5 || !MONTHS.contains(f[1])) {
            return null;
        }
        try {
            String[] hms = f[3].split(":");
            return LocalDateTime.of(Integer.parseInt(f[4]), MONTHS.indexOf(f[1]) + 1, Integer.parseInt(f[2]),
                    Integer.parseInt(hms[0]), Integer.parseInt(hms[1]), Integer.parseInt(hms[2])).atZone(zone).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
