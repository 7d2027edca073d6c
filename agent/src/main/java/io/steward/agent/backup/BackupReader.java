package io.steward.agent.backup;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.steward.agent.patch.Commands;
import io.steward.protocol.backup.BackupMessages;

/**
 * Reads every job of the device's backup settings into a {@link BackupMessages.Report}: each restic or borg
 * repository through its tool ({@link Restic}, {@link Borg}), the last attempt from the job's systemd unit when it has
 * one, and Windows Server Backup and Veeam when discovery is on ({@link WindowsBackups}).
 *
 * <p>A job's fields: when the repository cannot be read, its result is why (locked, missing, failed; unknown when the
 * tool is not installed) and it has no restore points. Otherwise, with a unit that ran since boot, the last attempt is
 * the unit's last run (its end and result) and the last success that run's end when it worked, else the newest restore
 * point's time. Without one the newest restore point is the last attempt and the last success (the repository holds no
 * record of failed attempts); a repository without restore points says "unknown".
 */
public final class BackupReader {
    private final BackupSettings settings;
    private final Map<String, BackupTool> tools;
    private final Function<String, SystemdUnit.Run> units;
    private final Commands powershell;
    private final Clock clock;

    /** For this device: the programs of the settings, systemctl, Windows PowerShell, niced, in the device's zone. */
    public static BackupReader forThisMachine(BackupSettings settings, Clock clock) {
        Commands commands = new Commands(Map.of());
        return new BackupReader(settings, Map.of(BackupMessages.TOOL_RESTIC, new Restic(settings.restic(), Map.of()),
                BackupMessages.TOOL_BORG, new Borg(settings.borg(), Map.of(), ZoneId.systemDefault())), SystemdUnit::lastRun, commands, clock);
    }

    BackupReader(BackupSettings settings, Map<String, BackupTool> tools, Function<String, SystemdUnit.Run> units, Commands powershell, Clock clock) {
        this.settings = settings;
        this.tools = Map.copyOf(tools);
        this.units = units;
        this.powershell = powershell;
        this.clock = clock;
    }

    public BackupSettings settings() {
        return settings;
    }

    BackupTool tool(LocalJob job) {
        return tools.get(job.tool());
    }

    /** Reads all jobs now (seq 0: the outbox numbers the report when it sends it). */
    public BackupMessages.Report read() {
        long at = clock.millis();
        List<BackupMessages.Job> jobs = new ArrayList<>();
        for (LocalJob job : settings.jobs()) {
            jobs.add(job(job));
        }
        if (settings.discoverWindows()) {
            jobs.addAll(WindowsBackups.discover(powershell, ZoneId.systemDefault()));
        }
        return new BackupMessages.Report(0, at, List.copyOf(jobs));
    }

    public static BackupMessages.Report numbered(BackupMessages.Report r, long seq) {
        return new BackupMessages.Report(seq, r.reportedAt(), r.jobs());
    }

    BackupMessages.Job job(LocalJob job) {
        BackupTool.State state = tool(job).read(job);
        SystemdUnit.Run run = job.unit().map(units).orElse(null);
        Long attempt = run == null ? null : run.endedAt();
        if (state.result() != null) {
            return new BackupMessages.Job(job.name(), job.tool(), job.reportedRepository(), attempt, state.result(), state.error(),
                    run != null && run.error() == null ? run.endedAt() : null, null, 0, 0, job.scheduleHours());
        }
        Long newest = state.newest().map(BackupTool.Point::at).orElse(null);
        String result;
        String error = null;
        Long success;
        if (run != null) {
            result = run.result();
            error = run.error();
            success = run.error() == null ? Long.valueOf(run.endedAt()) : newest;
        } else {
            attempt = newest;
            success = newest;
            result = newest == null ? BackupMessages.RESULT_UNKNOWN : BackupMessages.RESULT_SUCCESS;
        }
        return new BackupMessages.Job(job.name(), job.tool(), job.reportedRepository(), attempt, result, error, success, newest,
                state.points().size(), state.sizeBytes(), job.scheduleHours());
    }
}
