package io.steward.agent.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.steward.agent.patch.Commands;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * More failed logons in the plan's window than its threshold fail; observedAt is then the first failure of the window.
 * Linux reads the journal ({@code journalctl -o json} of the auth and authpriv facilities since the window's start)
 * where journald keeps one, else {@code /var/log/auth.log} (Debian) or {@code /var/log/secure} (Red Hat). One attempt
 * often logs two or three lines, so each is counted once: {@code Invalid user} (sshd, an unknown name), {@code Failed
 * password}/{@code Failed keyboard-interactive} for a known user (for an invalid one the Invalid user line counted
 * it), and PAM's {@code authentication failure} except sshd's own (sshd logs its Failed line for it): su, sudo,
 * login. Windows: Security log event 4625 (an account failed to log on) through {@code Get-WinEvent -FilterHashtable},
 * which needs an administrator. The journal's output is bounded (1 MiB): beyond it the count is a lower bound.
 */
final class FailedLogons implements Check {
    static final Path JOURNAL_RUN = Path.of("/run/systemd/journal");
    static final Path JOURNAL_VAR = Path.of("/var/log/journal");
    static final List<Path> AUTH_LOGS = List.of(Path.of("/var/log/auth.log"), Path.of("/var/log/secure"));
    /** {MINUTES} is replaced by the plan's window. */
    static final String WINDOWS_SCRIPT = "try { Get-WinEvent -FilterHashtable @{ LogName = 'Security'; Id = 4625; StartTime = (Get-Date).AddMinutes(-{MINUTES}) } "
            + "-MaxEvents 10000 -ErrorAction Stop | ForEach-Object { [pscustomobject]@{ t = $_.TimeCreated.ToUniversalTime().ToString('o'); "
            + "user = $_.Properties[5].Value; source = $_.Properties[19].Value } } | ConvertTo-Json -Compress } "
            + "catch { if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { '[]' } else { throw } }";
    private static final long MAX_AUTH_LOG = 16L << 20;
    private static final int MAX_SOURCES = 50;
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    private final Programs programs;
    private final boolean windows;
    private final boolean journal;
    private final List<Path> authLogs;
    private final Clock clock;
    private final ZoneId zone;

    /** @param journal whether journald keeps a journal here (then it is read, not the auth logs) */
    FailedLogons(Programs programs, boolean windows, boolean journal, List<Path> authLogs, Clock clock, ZoneId zone) {
        this.programs = programs;
        this.windows = windows;
        this.journal = journal;
        this.authLogs = authLogs;
        this.clock = clock;
        this.zone = zone;
    }

    /** The zone for times written without one; null given: the system's, looked up only when such a time is read (the time zone rules cost memory). */
    private ZoneId zone() {
        return zone != null ? zone : ZoneId.systemDefault();
    }

    static boolean journalHere() {
        return Files.isDirectory(JOURNAL_RUN) || Files.isDirectory(JOURNAL_VAR);
    }

    @Override
    public String id() {
        return SecurityCheckMessages.FAILED_LOGONS;
    }

    /** What was counted: how many, the first one's time, and how many per source (address or user). */
    static final class Tally {
        int count;
        Instant first;
        final Map<String, Integer> sources = new TreeMap<>();

        void add(Instant at, String source) {
            count++;
            if (first == null || at.isBefore(first)) {
                first = at;
            }
            if (sources.containsKey(source) || sources.size() < MAX_SOURCES) {
                sources.merge(source, 1, Integer::sum);
            }
        }
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        Instant since = clock.instant().minusSeconds(plan.failedLogonWindowMinutes() * 60L);
        Tally tally = new Tally();
        String from;
        if (windows) {
            Commands.Output out = programs.run(Programs.powershell(WINDOWS_SCRIPT.replace("{MINUTES}", Integer.toString(plan.failedLogonWindowMinutes()))));
            if (!out.ok()) {
                return Check.unknown(id(), "Get-WinEvent of the Security log failed (it needs an administrator): " + out.lastError());
            }
            for (Map<String, Object> e : JsonTree.objects(JsonTree.parse(out.stdout()))) {
                Instant at = OffsetDateTime.parse(JsonTree.text(e, "t")).toInstant();
                if (!at.isBefore(since)) {
                    String source = JsonTree.text(e, "source");
                    tally.add(at, JsonTree.text(e, "user") + (source.isEmpty() || source.equals("-") ? "" : " from " + source));
                }
            }
            from = "Security event 4625";
        } else if (journal && programs.installed("journalctl")) {
            // Not -q: it would hide the warning that tells a user outside systemd-journal/adm sees only their own entries.
            Commands.Output out = programs.run(List.of("journalctl", "--no-pager", "-o", "json", "--output-fields=MESSAGE,SYSLOG_IDENTIFIER",
                    "--since", "@" + since.getEpochSecond(), "SYSLOG_FACILITY=4", "SYSLOG_FACILITY=10"));
            if (!out.ok()) {
                return Check.unknown(id(), "journalctl failed: " + out.lastError());
            }
            if (out.stderr().contains("not seeing messages") || out.stderr().contains("insufficient permissions")) {
                return Check.unknown(id(), "the agent's user cannot read the system journal (it needs the group systemd-journal or adm): "
                        + out.lastError());
            }
            journal(out.stdout(), since, tally);
            // Programs keep 1 MiB of output: beyond it the oldest entries were read and later ones are missing.
            from = out.stdout().length() >= 1_000_000 ? "the journal, output cut at 1 MiB: at least this many" : "the journal";
        } else {
            Path log = null;
            for (Path p : authLogs) {
                if (Files.isReadable(p)) {
                    log = p;
                    break;
                }
            }
            if (log == null) {
                for (Path p : authLogs) {
                    if (Files.exists(p)) {
                        return Check.unknown(id(), "cannot read " + p + " (the agent's user needs the group adm or root)");
                    }
                }
                return Check.unknown(id(), "no journal and no readable auth log (" + authLogs + ")");
            }
            try {
                authLog(log, since, clock.instant(), zone(), tally);
            } catch (IOException e) {
                return Check.unknown(id(), "cannot read " + log + ": " + e.getMessage());
            }
            from = log.toString();
        }
        StringBuilder evidence = new StringBuilder().append(tally.count).append(" failed logons in the last ").append(plan.failedLogonWindowMinutes())
                .append(" minutes (threshold ").append(plan.failedLogonThreshold()).append(", from ").append(from).append(')');
        if (tally.first != null) {
            evidence.append(", first at ").append(tally.first);
        }
        if (!tally.sources.isEmpty()) {
            evidence.append(": ");
            boolean firstSource = true;
            for (Map.Entry<String, Integer> s : tally.sources.entrySet()) {
                evidence.append(firstSource ? "" : ", ").append(s.getKey()).append(" (").append(s.getValue()).append(')');
                firstSource = false;
            }
        }
        if (tally.count > plan.failedLogonThreshold()) {
            return Check.fail(id(), evidence.toString(), tally.first.toEpochMilli());
        }
        return Check.pass(id(), evidence.toString());
    }

    /** journalctl -o json: one object per line, the time in {@code __REALTIME_TIMESTAMP} (microseconds). */
    static void journal(String output, Instant since, Tally tally) {
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Object parsed;
            try {
                parsed = JsonTree.parse(line);
            } catch (IllegalArgumentException e) {
                continue; // the last line cut by the output bound
            }
            if (!(parsed instanceof Map<?, ?> raw) || !(raw.get("MESSAGE") instanceof String message)) {
                continue; // MESSAGE as a byte array: not text, not a logon line
            }
            String micros = String.valueOf(raw.get("__REALTIME_TIMESTAMP"));
            Instant at;
            try {
                long us = Long.parseLong(micros);
                at = Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000);
            } catch (NumberFormatException e) {
                continue;
            }
            String source = source(message);
            if (source != null && !at.isBefore(since)) {
                tally.add(at, source);
            }
        }
    }

    /** Reads the auth log (its last 16 MiB at most) for the window. */
    static void authLog(Path log, Instant since, Instant now, ZoneId zone, Tally tally) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_AUTH_LOG) {
                ch.position(size - MAX_AUTH_LOG);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8), 8192);
            if (size > MAX_AUTH_LOG) {
                r.readLine(); // a partial line
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String source = source(line);
                if (source == null) {
                    continue;
                }
                Instant at = syslogTime(line, now, zone);
                if (at != null && !at.isBefore(since) && !at.isAfter(now)) {
                    tally.add(at, source);
                }
            }
        }
    }

    /** Whether the message counts as one failed logon (see the class comment), and its source: "from ADDRESS", "user NAME" or the program. */
    static String source(String message) {
        int at;
        if ((at = message.indexOf("Invalid user ")) >= 0
                || (at = message.indexOf("Failed password for ")) >= 0 && !message.contains("Failed password for invalid user ")
                || (at = message.indexOf("Failed keyboard-interactive")) >= 0 && !message.contains(" for invalid user ")) {
            int fromAt = message.indexOf(" from ", at);
            if (fromAt >= 0) {
                String rest = message.substring(fromAt + 6).strip();
                int space = rest.indexOf(' ');
                return space < 0 ? rest : rest.substring(0, space);
            }
            return "sshd";
        }
        if (message.contains("authentication failure") && !message.contains("(sshd:auth)")) {
            int user = message.indexOf(" user=");
            if (user >= 0) {
                String rest = message.substring(user + 6).strip();
                int space = rest.indexOf(' ');
                return "user " + (space < 0 ? rest : rest.substring(0, space));
            }
            int paren = message.indexOf("pam_unix(");
            return paren >= 0 ? message.substring(paren, Math.max(paren, message.indexOf(')', paren) + 1)) : "pam";
        }
        return null;
    }

    /** The time of a syslog line: RFC 3339 ({@code 2026-12-06T22:50:12.123456+00:00 host ...}) or the classic {@code Dec  6 22:50:12 host ...}
     * in the device's zone, whose year is the one that does not put it more than a day in the future. */
    static Instant syslogTime(String line, Instant now, ZoneId zone) {
        try {
            if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                int space = line.indexOf(' ');
                return OffsetDateTime.parse(space < 0 ? line : line.substring(0, space)).toInstant();
            }
            if (line.length() < 15 || !MONTHS.contains(line.substring(0, 3))) {
                return null;
            }
            int month = MONTHS.indexOf(line.substring(0, 3)) + 1;
            int day = Integer.parseInt(line.substring(4, 6).strip());
            String[] hms = line.substring(7, 15).split(":");
            int year = now.atZone(zone).getYear();
            Instant at = LocalDateTime.of(year, month, day, Integer.parseInt(hms[0]), Integer.parseInt(hms[1]), Integer.parseInt(hms[2])).atZone(zone).toInstant();
            if (at.isAfter(now.plusSeconds(86_400))) {
                at = LocalDateTime.of(year - 1, month, day, Integer.parseInt(hms[0]), Integer.parseInt(hms[1]), Integer.parseInt(hms[2])).atZone(zone).toInstant();
            }
            return at;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
