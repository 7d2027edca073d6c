package io.steward.agent.backup;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.agent.patch.Commands;
import io.steward.protocol.backup.BackupMessages;

/**
 * The last run of the systemd unit (a oneshot service started by a timer, as restic and borg jobs usually are) that
 * runs a job: {@code systemctl show UNIT -p Result -p ExecMainStatus -p ExecMainStartTimestamp -p ExecMainExitTimestamp
 * -p ActiveState} with {@code TZ=UTC}, so the times print in UTC. systemd forgets a unit's result at boot: a unit that
 * has not run since says nothing, and the job's restore points speak alone.
 */
final class SystemdUnit {
    static final List<String> PROPERTIES = List.of("Result", "ExecMainStatus", "ExecMainStartTimestamp", "ExecMainExitTimestamp", "ActiveState");
    private static final Pattern TIME = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC");
    private static final Pattern EPOCH = Pattern.compile("@(\\d{1,12})");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The unit's last run: when it ended (epoch ms), whether it worked, and systemd's words when it did not. */
    record Run(long endedAt, String result, String error) {
    }

    private SystemdUnit() {
    }

    static List<String> command(String unit) {
        List<String> argv = new java.util.ArrayList<>(List.of("systemctl", "show", unit));
        PROPERTIES.forEach(p -> argv.addAll(List.of("-p", p)));
        return argv;
    }

    /** The unit's last run, or null when it has not run since boot, is running, or systemctl cannot say. */
    static Run lastRun(String unit) {
        Commands.Output out = new Commands(Map.of("TZ", "UTC")).run(command(unit), Duration.ofSeconds(30));
        return out.ok() ? parse(out.stdout()) : null;
    }

    static Run parse(String show) {
        Map<String, String> values = new HashMap<>();
        for (String line : show.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        Long ended = time(values.getOrDefault("ExecMainExitTimestamp", ""));
        if (ended == null || "activating".equals(values.get("ActiveState"))) {
            return null;
        }
        String result = values.getOrDefault("Result", "");
        String status = values.getOrDefault("ExecMainStatus", "0");
        if (result.equals("success") && status.equals("0")) {
            return new Run(ended, BackupMessages.RESULT_SUCCESS, null);
        }
        return new Run(ended, BackupMessages.RESULT_FAILED, "the unit's last run ended with Result=" + result + ", status " + status);
    }

    /** {@code Sun 2026-12-06 22:50:11 UTC} (with TZ=UTC) or {@code @1733525411} (--timestamp=unix); null for blank or n/a. */
    static Long time(String text) {
        Matcher epoch = EPOCH.matcher(text);
        if (epoch.matches()) {
            return Long.parseLong(epoch.group(1)) * 1000;
        }
        Matcher m = TIME.matcher(text);
        if (m.find()) {
            return LocalDateTime.parse(m.group(1), FORMAT).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return null;
    }
}
