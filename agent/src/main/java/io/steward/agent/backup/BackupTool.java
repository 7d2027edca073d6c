package io.steward.agent.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.steward.agent.patch.Commands;

/** What the agent asks of restic and borg: the repository's restore points, the files of one, and a restore of some of them. */
interface BackupTool {
    /** How long reading a repository may take (a remote repository over a slow link included). */
    Duration READ_TIMEOUT = Duration.ofMinutes(10);

    /** One restore point: the tool's id (restic snapshot id, borg archive name) and when it was taken. */
    record Point(String id, long at) {
    }

    /** A regular file of a restore point as the tool lists it: its path in the restore point, size and modification time. */
    record Entry(String path, long size, long mtime) {
    }

    /**
     * What the repository says: {@code result} null when it could be read, else one of locked, missing, failed or unknown
     * (the tool is not installed) with the tool's message in {@code error}.
     */
    record State(String result, String error, List<Point> points, long sizeBytes) {
        static State problem(String result, String error) {
            return new State(result, error, List.of(), 0);
        }

        Optional<Point> newest() {
            return points.stream().max(java.util.Comparator.comparingLong(Point::at));
        }
    }

    State read(LocalJob job);

    /** Hands every regular file of {@code point} to {@code each}, streaming the whole listing; the tool's message when it failed, else null. */
    String files(LocalJob job, Point point, java.util.function.Consumer<Entry> each);

    /** Restores {@code paths} of {@code point} into {@code target} (which exists and is empty). */
    Commands.Output restore(LocalJob job, Point point, List<String> paths, Path target, Duration timeout);

    /** Where a restored file lands under {@code target}. */
    Path restored(Path target, String path);

    /** The file on this device the entry was backed up from, when the listing's path says (absolute sources). */
    Optional<Path> source(String path);

    /** One line of at most 500 characters for a job's lastError. */
    static String oneLine(String text) {
        String t = text == null ? "" : text.replace('\r', ' ').replace('\n', ' ').strip();
        return t.length() > 500 ? t.substring(0, 500) : t;
    }

    /** The tool's message for a failed run: its error lines rather than the last one alone (restic says why on the first). */
    static String message(Commands.Output out) {
        String err = out.stderr().strip();
        return oneLine(err.isEmpty() ? out.lastError() : err);
    }
}
