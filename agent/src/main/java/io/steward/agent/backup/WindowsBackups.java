package io.steward.agent.backup;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.steward.agent.patch.Commands;
import io.steward.protocol.backup.BackupMessages;

/**
 * Windows Server Backup and Veeam Backup &amp; Replication, read through PowerShell ({@link #WSB_COMMAND},
 * {@link #VEEAM_COMMAND}: one JSON document each, written by {@code ConvertTo-Json}). Neither can run on the machines
 * Steward is built on; the parsers are tested with output in the shape those cmdlets document. A device without the
 * feature or the module prints nothing (the commands swallow "not found") and reports no such job.
 *
 * <p>Dates: Windows PowerShell 5.1 writes a DateTime as {@code /Date(EPOCH_MS)/}, PowerShell 7 as ISO-8601 with or
 * without an offset (without: the device's local time); both are read. Windows Server Backup: the last attempt is
 * {@code Get-WBJob -Previous 1} (HResult 0 = success), the newest restore point {@code LastSuccessfulBackupTime}, the
 * restore points {@code NumberOfVersions}, the schedule the policy's times of day (n a day = every 24/n hours).
 * Veeam: per job the last session's result ({@code Success} and {@code Warning} made a restore point: success;
 * {@code Failed}: failed; {@code None}: still running, unknown), the last successful session's end, the restore points
 * of the job's backup, their stored size and a daily schedule as 24 hours. Veeam Agent for Windows on its own has no
 * PowerShell interface; its jobs are seen when a Veeam Backup &amp; Replication server manages them.
 */
final class WindowsBackups {
    static final String WSB_COMMAND = "$ErrorActionPreference='Stop'; if (-not (Get-Command Get-WBSummary -ErrorAction SilentlyContinue)) { exit 0 }; "
            + "$p = Get-WBPolicy; [pscustomobject]@{ "
            + "summary = Get-WBSummary | Select-Object LastSuccessfulBackupTime,LastBackupTime,LastBackupResultHR,LastBackupTarget,NumberOfVersions,DetailedMessage; "
            + "lastJob = Get-WBJob -Previous 1 | Select-Object JobType,JobState,StartTime,EndTime,HResult,ErrorDescription; "
            + "schedule = @(if ($p) { Get-WBSchedule -Policy $p | ForEach-Object { $_.ToString('HH:mm') } }) } | ConvertTo-Json -Depth 3 -Compress";
    static final String VEEAM_COMMAND = "$ErrorActionPreference='Stop'; Import-Module Veeam.Backup.PowerShell -ErrorAction SilentlyContinue; "
            + "if (-not (Get-Command Get-VBRJob -ErrorAction SilentlyContinue)) { exit 0 }; "
            + "$sessions = @(Get-VBRBackupSession); "
            + "ConvertTo-Json -Depth 3 -Compress -InputObject @(Get-VBRJob | ForEach-Object { $j = $_; $last = $j.FindLastSession(); "
            + "$ok = $sessions | Where-Object { $_.JobId -eq $j.Id -and \"$($_.Result)\" -eq 'Success' } | Sort-Object EndTime | Select-Object -Last 1; "
            + "$b = Get-VBRBackup | Where-Object { $_.JobId -eq $j.Id }; $rp = @(if ($b) { Get-VBRRestorePoint -Backup $b }); "
            + "[pscustomobject]@{ Name = $j.Name; Repository = $j.GetTargetRepository().Name; "
            + "LastResult = if ($last) { \"$($last.Result)\" } else { $null }; LastEnd = if ($last) { $last.EndTime } else { $null }; "
            + "LastSuccess = if ($ok) { $ok.EndTime } else { $null }; RestorePoints = $rp.Count; "
            + "NewestRestorePoint = ($rp | Sort-Object CreationTime | Select-Object -Last 1).CreationTime; "
            + "BackupSize = [long](($rp | ForEach-Object { $_.GetStorage().Stats.BackupSize } | Measure-Object -Sum).Sum); "
            + "Daily = [bool]$j.ScheduleOptions.OptionsDaily.Enabled } })";
    static final String WSB_NAME = "Windows Server Backup";
    private static final Pattern MS_DATE = Pattern.compile("/Date\\((-?\\d+)(?:[+-]\\d{4})?\\)/");

    private WindowsBackups() {
    }

    /** Runs both commands through Windows PowerShell and returns the jobs they found; a failing command adds a job saying so. */
    static List<BackupMessages.Job> discover(Commands commands, ZoneId zone) {
        List<BackupMessages.Job> jobs = new ArrayList<>();
        Commands.Output wsb = commands.run(powershell(WSB_COMMAND), Duration.ofMinutes(5));
        if (!wsb.ok()) {
            jobs.add(problem(WSB_NAME, BackupMessages.TOOL_WINDOWS_SERVER_BACKUP, wsb));
        } else if (!wsb.stdout().isBlank()) {
            jobs.add(windowsServerBackup(wsb.stdout(), zone));
        }
        Commands.Output veeam = commands.run(powershell(VEEAM_COMMAND), Duration.ofMinutes(10));
        if (!veeam.ok()) {
            jobs.add(problem("Veeam", BackupMessages.TOOL_VEEAM, veeam));
        } else if (!veeam.stdout().isBlank()) {
            jobs.addAll(veeam(veeam.stdout(), zone));
        }
        return jobs;
    }

    static List<String> powershell(String command) {
        return List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-Command", command);
    }

    private static BackupMessages.Job problem(String name, String tool, Commands.Output out) {
        return new BackupMessages.Job(name, tool, "", null, BackupMessages.RESULT_UNKNOWN, BackupTool.message(out), null, null, 0, 0, 0);
    }

    /** The job of {@link #WSB_COMMAND}'s output. */
    static BackupMessages.Job windowsServerBackup(String json, ZoneId zone) {
        Map<String, Object> root = object(json);
        Map<String, Object> summary = map(root.get("summary"));
        Map<String, Object> lastJob = map(root.get("lastJob"));
        Long lastSuccess = date(summary.get("LastSuccessfulBackupTime"), zone);
        Long attempt = date(lastJob.get("EndTime"), zone);
        if (attempt == null) {
            attempt = date(summary.get("LastBackupTime"), zone);
        }
        Object hr = lastJob.containsKey("HResult") ? lastJob.get("HResult") : summary.get("LastBackupResultHR");
        String result = hr == null ? BackupMessages.RESULT_UNKNOWN : number(hr) == 0 ? BackupMessages.RESULT_SUCCESS : BackupMessages.RESULT_FAILED;
        String error = null;
        if (BackupMessages.RESULT_FAILED.equals(result)) {
            Object text = lastJob.get("ErrorDescription") != null ? lastJob.get("ErrorDescription") : summary.get("DetailedMessage");
            error = BackupTool.oneLine((text == null || text.toString().isBlank() ? "" : text + " ") + "(HRESULT 0x"
                    + Long.toHexString(number(hr) & 0xffffffffL) + ")");
        }
        int times = root.get("schedule") instanceof List<?> l ? l.size() : 0;
        Object target = summary.get("LastBackupTarget");
        return new BackupMessages.Job(WSB_NAME, BackupMessages.TOOL_WINDOWS_SERVER_BACKUP, target == null ? "" : BackupTool.oneLine(target.toString()),
                attempt, result, error, lastSuccess, lastSuccess, (int) number(summary.get("NumberOfVersions")), 0, times == 0 ? 0 : Math.max(1, 24 / times));
    }

    /** The jobs of {@link #VEEAM_COMMAND}'s output (an array; a single object is read as one job). */
    static List<BackupMessages.Job> veeam(String json, ZoneId zone) {
        Object root = parse(json);
        List<?> items = root instanceof List<?> l ? l : List.of(root);
        List<BackupMessages.Job> jobs = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> j = map(item);
            String name = String.valueOf(j.getOrDefault("Name", "Veeam job"));
            String last = j.get("LastResult") == null ? "" : j.get("LastResult").toString();
            String result = switch (last) {
                case "Success", "Warning" -> BackupMessages.RESULT_SUCCESS;
                case "Failed" -> BackupMessages.RESULT_FAILED;
                default -> BackupMessages.RESULT_UNKNOWN;
            };
            Object repo = j.get("Repository");
            jobs.add(new BackupMessages.Job(name.length() > 128 ? name.substring(0, 128) : name, BackupMessages.TOOL_VEEAM,
                    repo == null ? "" : BackupTool.oneLine(repo.toString()), date(j.get("LastEnd"), zone), result,
                    BackupMessages.RESULT_FAILED.equals(result) ? "the last Veeam session ended with Failed" : null, date(j.get("LastSuccess"), zone),
                    date(j.get("NewestRestorePoint"), zone), (int) number(j.get("RestorePoints")), number(j.get("BackupSize")),
                    Boolean.TRUE.equals(j.get("Daily")) ? 24 : 0));
        }
        return jobs;
    }

    /** A PowerShell date as epoch ms; null for null, blank or PowerShell's "no date" (year 1). */
    static Long date(Object value, ZoneId zone) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        Matcher m = MS_DATE.matcher(s);
        long at;
        if (m.matches()) {
            at = Long.parseLong(m.group(1));
        } else {
            try {
                at = OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (RuntimeException e) {
                at = LocalDateTime.parse(s).atZone(zone).toInstant().toEpochMilli();
            }
        }
        return at <= 0 ? null : at;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> object(String json) {
        return map(parse(json));
    }

    /** JSON as maps, lists, strings, doubles, booleans and null: these documents are small. */
    static Object parse(String json) {
        try (JsonReader in = new JsonReader(new StringReader(json.strip()))) {
            in.setStrictness(Strictness.STRICT);
            in.setNestingLimit(16);
            return value(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable PowerShell output: " + e.getMessage(), e);
        }
    }

    private static Object value(JsonReader in) throws IOException {
        JsonToken t = in.peek();
        switch (t) {
            case BEGIN_OBJECT -> {
                Map<String, Object> m = new HashMap<>();
                in.beginObject();
                while (in.hasNext()) {
                    m.put(in.nextName(), value(in));
                }
                in.endObject();
                return m;
            }
            case BEGIN_ARRAY -> {
                List<Object> l = new ArrayList<>();
                in.beginArray();
                while (in.hasNext()) {
                    l.add(value(in));
                }
                in.endArray();
                return l;
            }
            case STRING -> {
                return in.nextString();
            }
            case NUMBER -> {
                return in.nextDouble();
            }
            case BOOLEAN -> {
                return in.nextBoolean();
            }
            case NULL -> {
                in.nextNull();
                return null;
            }
            default -> throw new IllegalStateException("unexpected " + t);
        }
    }
}
