package io.steward.agent.backup;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.steward.protocol.backup.BackupMessages;

/**
 * One restic or BorgBackup job of the device's own configuration ({@code backup.properties}). The password file stays
 * on the device: its path is handed to the tool ({@code --password-file} for restic, {@code BORG_PASSCOMMAND} for borg),
 * its content is never read by the agent nor sent anywhere.
 *
 * @param name          the job's name, as restore tests name it ({@link io.steward.protocol.backup.RestoreTest#JOB})
 * @param tool          {@link BackupMessages#TOOL_RESTIC} or {@link BackupMessages#TOOL_BORG}
 * @param repository    the repository as the tool takes it (a path or URL)
 * @param passwordFile  the repository's password file, absolute
 * @param sources       the directories the job backs up (absolute; what restore tests compare restored files with)
 * @param scheduleHours how often the job is meant to run, 0 when not said
 * @param unit          the systemd unit that runs the job, whose last run gives the last attempt
 */
public record LocalJob(String name, String tool, String repository, Path passwordFile, List<Path> sources, int scheduleHours, Optional<String> unit) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,200}");
    private static final Pattern CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s]*@");

    public LocalJob {
        sources = List.copyOf(sources);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a job name is 1 to 128 letters, digits, '.', '_' or '-', not " + name);
        }
        if (!BackupMessages.TOOL_RESTIC.equals(tool) && !BackupMessages.TOOL_BORG.equals(tool)) {
            throw new IllegalArgumentException("job " + name + ": tool is restic or borg, not " + tool);
        }
        if (repository == null || repository.isBlank() || repository.indexOf('\0') >= 0 || repository.startsWith("-")) {
            throw new IllegalArgumentException("job " + name + ": a repository is required");
        }
        if (passwordFile == null || !passwordFile.isAbsolute()) {
            throw new IllegalArgumentException("job " + name + ": passwordFile must be an absolute path");
        }
        for (Path p : sources) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("job " + name + ": source paths must be absolute, not " + p);
            }
        }
        if (scheduleHours < 0 || scheduleHours > 24 * 366) {
            throw new IllegalArgumentException("job " + name + ": scheduleHours is 0 to 8784");
        }
        if (unit.isPresent() && !UNIT.matcher(unit.get()).matches()) {
            throw new IllegalArgumentException("job " + name + ": not a systemd unit name: " + unit.get());
        }
    }

    /** The repository as the server may see it: a URL's user and password (restic's rest:, sftp:, s3 URLs) left out. */
    public String reportedRepository() {
        String r = CREDENTIALS.matcher(repository).replaceFirst("");
        // sftp:user@host:/path and borg's ssh://user@host are fine without the user too; keep the report short.
        return r.length() <= 500 ? r : r.substring(0, 500);
    }
}
