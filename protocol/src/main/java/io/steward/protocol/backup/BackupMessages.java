package io.steward.protocol.backup;

import java.util.List;

import io.steward.protocol.AgentProtocol;

/**
 * The agent's backup messages (protocol v1, signed like every agent request): the state of the backup jobs the agent
 * found or was told about in its local configuration. Repository passwords never leave the device; the server learns
 * only what a job's own tool says about its restore points and attempts.
 */
public final class BackupMessages {
    /** The agent posts a {@link Report} here; the answer is a {@link ReportResponse}. */
    public static final String REPORT_PATH = AgentProtocol.PATH_PREFIX + "/backup/report";

    public static final String TOOL_RESTIC = "restic";
    public static final String TOOL_BORG = "borg";
    public static final String TOOL_WINDOWS_SERVER_BACKUP = "windows-server-backup";
    public static final String TOOL_VEEAM = "veeam";

    /** The last attempt worked. */
    public static final String RESULT_SUCCESS = "success";
    /** The last attempt failed (the tool or its unit said so). */
    public static final String RESULT_FAILED = "failed";
    /** The repository is locked by another process (restic exit code 11, borg lock timeout). */
    public static final String RESULT_LOCKED = "locked";
    /** The repository does not exist or cannot be opened (restic exit code 10, borg "does not exist"). */
    public static final String RESULT_MISSING = "missing";
    /** The agent cannot tell (no attempt record, the tool is not installed, its output unreadable). */
    public static final String RESULT_UNKNOWN = "unknown";
    public static final List<String> RESULTS = List.of(RESULT_SUCCESS, RESULT_FAILED, RESULT_LOCKED, RESULT_MISSING, RESULT_UNKNOWN);

    private BackupMessages() {
    }

    /**
     * What the agent knows of its backup jobs at one moment.
     *
     * @param seq        the agent's message sequence number
     * @param reportedAt when the agent read the jobs (epoch milliseconds, the agent's clock)
     * @param jobs       every configured or discovered job, also those whose repository could not be read
     */
    public record Report(long seq, long reportedAt, List<Job> jobs) {
    }

    /**
     * One backup job as its tool sees it.
     *
     * @param name               the job's name, unique on the device (from the agent's configuration, or the tool's own
     *                           job name for Windows Server Backup and Veeam); at most 128 characters
     * @param tool               {@link #TOOL_RESTIC}, {@link #TOOL_BORG}, {@link #TOOL_WINDOWS_SERVER_BACKUP} or {@link #TOOL_VEEAM}
     * @param repository         where the restore points are (a path or URL without credentials)
     * @param lastAttemptAt      when the job last ran (epoch milliseconds), null when unknown
     * @param lastResult         one of {@link #RESULTS}: how the last attempt ended, or why the repository could not be read
     * @param lastError          the tool's message when the result is not a success (at most 500 characters), null otherwise
     * @param lastSuccessAt      when the job last worked (epoch milliseconds), null when never or unknown
     * @param newestRestorePointAt when the newest complete restore point was taken (epoch milliseconds), null when none
     * @param restorePoints      how many restore points the repository holds
     * @param sizeBytes          the repository's size (restic: restore size of the newest snapshot's data as stored; borg:
     *                           the deduplicated size of all archives), 0 when unknown
     * @param scheduleHours      how often the job is meant to run, from the agent's configuration or the tool's schedule;
     *                           0 when unknown (the server then uses the client's RPO alone)
     */
    public record Job(String name, String tool, String repository, Long lastAttemptAt, String lastResult, String lastError,
                      Long lastSuccessAt, Long newestRestorePointAt, int restorePoints, long sizeBytes, int scheduleHours) {
    }

    /** The server's answer: the report was stored (or not, with the reason). */
    public record ReportResponse(long seq, boolean accepted, String reason) {
    }
}
