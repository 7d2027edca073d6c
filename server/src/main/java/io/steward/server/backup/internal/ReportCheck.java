package io.steward.server.backup.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.steward.protocol.backup.BackupMessages;
import io.steward.server.shared.InvalidInputException;

/**
 * What a backup report must be to be stored: every text within bounds, every value from its set, no time in the future
 * (beyond a day of clock skew), job names unique. An agent's bad input is answered 400 with the field at fault, never
 * stored in part.
 */
final class ReportCheck {
    static final List<String> TOOLS = List.of(BackupMessages.TOOL_RESTIC, BackupMessages.TOOL_BORG, BackupMessages.TOOL_WINDOWS_SERVER_BACKUP,
            BackupMessages.TOOL_VEEAM);
    static final int MAX_JOBS = 200;
    /** A job's name: 1 to 128 characters without control characters (Veeam and Windows Server Backup names have spaces). */
    static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,128}");
    private static final Duration SKEW = Duration.ofDays(1);

    private ReportCheck() {
    }

    static void check(BackupMessages.Report r, Instant now) {
        if (r.reportedAt() <= 0 || Instant.ofEpochMilli(r.reportedAt()).isAfter(now.plus(SKEW))) {
            throw new InvalidInputException("reportedAt", "reportedAt is when the agent read its jobs, in epoch milliseconds, not in the future.");
        }
        if (r.jobs() == null) {
            throw new InvalidInputException("jobs", "A report lists its jobs (an empty list when there are none).");
        }
        if (r.jobs().size() > MAX_JOBS) {
            throw new InvalidInputException("jobs", "At most " + MAX_JOBS + " jobs in one report.");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < r.jobs().size(); i++) {
            check(r.jobs().get(i), "jobs[" + i + "]", now, names);
        }
    }

    private static void check(BackupMessages.Job j, String at, Instant now, Set<String> names) {
        if (j == null) {
            throw new InvalidInputException(at, "A job cannot be null.");
        }
        if (j.name() == null || !NAME.matcher(j.name()).matches()) {
            throw new InvalidInputException(at + ".name", "A job name: 1 to 128 characters, no control characters.");
        }
        if (j.name().isBlank() || !j.name().equals(j.name().strip())) {
            throw new InvalidInputException(at + ".name", "A job name neither blank nor with spaces around it.");
        }
        if (!names.add(j.name())) {
            throw new InvalidInputException(at + ".name", "The job " + j.name() + " is listed twice.");
        }
        if (j.tool() == null || !TOOLS.contains(j.tool())) {
            throw new InvalidInputException(at + ".tool", "tool is " + String.join(", ", TOOLS) + ".");
        }
        if (j.repository() == null || j.repository().isBlank() || j.repository().length() > 500 || j.repository().indexOf('\0') >= 0) {
            throw new InvalidInputException(at + ".repository", "The repository's path or URL (without credentials), at most 500 characters.");
        }
        if (j.repository().matches("(?s).*://[^/@\\s]*:[^/@\\s]*@.*")) {
            throw new InvalidInputException(at + ".repository", "A repository URL must not carry a password.");
        }
        if (j.lastResult() == null || !BackupMessages.RESULTS.contains(j.lastResult())) {
            throw new InvalidInputException(at + ".lastResult", "lastResult is " + String.join(", ", BackupMessages.RESULTS) + ".");
        }
        if (j.lastError() != null && (j.lastError().length() > 500 || j.lastError().indexOf('\0') >= 0)) {
            throw new InvalidInputException(at + ".lastError", "At most 500 characters.");
        }
        time(j.lastAttemptAt(), at + ".lastAttemptAt", now);
        time(j.lastSuccessAt(), at + ".lastSuccessAt", now);
        time(j.newestRestorePointAt(), at + ".newestRestorePointAt", now);
        if (j.restorePoints() < 0 || j.restorePoints() > 10_000_000) {
            throw new InvalidInputException(at + ".restorePoints", "Between 0 and 10000000.");
        }
        if (j.newestRestorePointAt() != null && j.restorePoints() == 0) {
            throw new InvalidInputException(at + ".restorePoints", "A job with a newest restore point has at least one.");
        }
        if (j.sizeBytes() < 0) {
            throw new InvalidInputException(at + ".sizeBytes", "Not negative (0 when unknown).");
        }
        if (j.scheduleHours() < 0 || j.scheduleHours() > 8784) {
            throw new InvalidInputException(at + ".scheduleHours", "Between 0 (unknown) and 8784 hours.");
        }
    }

    private static void time(Long millis, String field, Instant now) {
        if (millis != null && (millis <= 0 || Instant.ofEpochMilli(millis).isAfter(now.plus(SKEW)))) {
            throw new InvalidInputException(field, "Epoch milliseconds, not in the future.");
        }
    }
}
