package io.steward.agent.backup;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.steward.agent.patch.Commands;
import io.steward.protocol.backup.BackupMessages;

/**
 * restic through its JSON output: {@code snapshots --json} for the restore points, {@code stats SNAPSHOT --json --mode
 * raw-data} for the size of the newest one's data as stored, {@code ls --json SNAPSHOT} for its files, and
 * {@code restore SNAPSHOT --target DIR --include PATH... --verify} for restore tests. The password goes as
 * {@code --password-file} (the file's path, never its content).
 *
 * <p>restic 0.17 and later exit with 10 when the repository does not exist, 11 when it is locked and 12 for a wrong
 * password (https://restic.readthedocs.io/en/stable/075_scripting.html#exit-codes); older ones (Debian 12 ships 0.14)
 * exit with 1 for all of these, so their messages are matched as well.
 */
final class Restic implements BackupTool {
    private final String program;
    private final Map<String, String> environment;
    private final Commands commands;
    /** The size of each job's newest snapshot, by job and snapshot id. */
    private final Map<String, Long> sizes = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param environment added to restic's (e.g. {@code RESTIC_CACHE_DIR}) */
    Restic(String program, Map<String, String> environment) {
        this.program = program;
        this.environment = Map.copyOf(environment);
        this.commands = new Commands(environment);
    }

    private List<String> base(LocalJob job, String... rest) {
        List<String> argv = new ArrayList<>(List.of(program, "--repo", job.repository(), "--password-file", job.passwordFile().toString()));
        argv.addAll(List.of(rest));
        return argv;
    }

    /** The report's result for a restic run that failed: missing, locked, or failed. */
    static String resultOf(int exitCode, String stderr) {
        // 127: nice (which runs the tool) found no such program
        if ((exitCode == -1 && stderr.startsWith("cannot start")) || exitCode == 127) {
            return BackupMessages.RESULT_UNKNOWN;
        }
        if (exitCode == 10 || stderr.contains("Is there a repository at the following location?") || stderr.contains("repository does not exist")) {
            return BackupMessages.RESULT_MISSING;
        }
        if (exitCode == 11 || stderr.contains("repository is already locked")) {
            return BackupMessages.RESULT_LOCKED;
        }
        return BackupMessages.RESULT_FAILED;
    }

    @Override
    public State read(LocalJob job) {
        Commands.Output out = commands.run(base(job, "snapshots", "--json"), READ_TIMEOUT);
        if (!out.ok()) {
            return State.problem(resultOf(out.exitCode(), out.stderr()), BackupTool.message(out));
        }
        List<Point> points;
        try {
            points = snapshots(out.stdout());
        } catch (IllegalArgumentException e) {
            return State.problem(BackupMessages.RESULT_UNKNOWN, BackupTool.oneLine(e.getMessage()));
        }
        long size = 0;
        Optional<Point> newest = new State(null, null, points, 0).newest();
        if (newest.isPresent()) {
            // stats walks the snapshot's trees: once per new snapshot, not every report
            String key = job.name() + "\n" + newest.get().id();
            Long known = sizes.get(key);
            if (known != null) {
                size = known;
            } else {
                Commands.Output stats = commands.run(base(job, "stats", newest.get().id(), "--json", "--mode", "raw-data"), READ_TIMEOUT);
                size = stats.ok() ? totalSize(stats.stdout()) : 0;
                if (size > 0) {
                    sizes.keySet().removeIf(k -> k.startsWith(job.name() + "\n"));
                    sizes.put(key, size);
                }
            }
        }
        return new State(null, null, points, size);
    }

    /** The snapshots of {@code snapshots --json}: an array of objects with {@code id} and {@code time} (RFC 3339 with nanoseconds). */
    static List<Point> snapshots(String json) {
        List<Point> points = new ArrayList<>();
        try (JsonReader in = reader(json)) {
            if (in.peek() == JsonToken.NULL) {
                return points;
            }
            in.beginArray();
            while (in.hasNext()) {
                String id = null;
                String time = null;
                in.beginObject();
                while (in.hasNext()) {
                    switch (in.nextName()) {
                        case "id" -> id = in.nextString();
                        case "time" -> time = in.nextString();
                        default -> in.skipValue();
                    }
                }
                in.endObject();
                if (id != null && time != null) {
                    points.add(new Point(id, OffsetDateTime.parse(time).toInstant().toEpochMilli()));
                }
            }
            in.endArray();
            return points;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable restic snapshots output: " + e.getMessage(), e);
        }
    }

    /** {@code total_size} of {@code stats --json}; 0 when unreadable (the size is a detail, not worth failing the report for). */
    static long totalSize(String json) {
        try (JsonReader in = reader(json)) {
            in.beginObject();
            long size = 0;
            while (in.hasNext()) {
                if (in.nextName().equals("total_size")) {
                    size = in.nextLong();
                } else {
                    in.skipValue();
                }
            }
            return size;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String files(LocalJob job, Point point, Consumer<Entry> each) {
        Commands.Output out = LineStream.run(base(job, "ls", "--json", point.id()), environment, READ_TIMEOUT, line -> {
            Entry e = node(line);
            if (e != null) {
                each.accept(e);
            }
        });
        return out.ok() ? null : BackupTool.message(out);
    }

    /** The regular files of {@code ls --json} output (one JSON object per line: the snapshot first, then a node per file). */
    static List<Entry> listing(String lines) {
        List<Entry> files = new ArrayList<>();
        for (String line : lines.split("\n")) {
            Entry e = node(line);
            if (e != null) {
                files.add(e);
            }
        }
        return files;
    }

    /** One line of {@code ls --json}: a regular file's node, or null (the snapshot, a directory, a link, a line that does not read). */
    static Entry node(String line) {
        if (!line.contains("\"struct_type\":\"node\"") || !line.contains("\"type\":\"file\"")) {
            return null;
        }
        try (JsonReader in = reader(line)) {
            String path = null;
            String type = null;
            long size = 0;
            long mtime = 0;
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "path" -> path = in.nextString();
                    case "type" -> type = in.nextString();
                    case "size" -> size = in.nextLong();
                    case "mtime" -> mtime = OffsetDateTime.parse(in.nextString()).toInstant().toEpochMilli();
                    default -> in.skipValue();
                }
            }
            in.endObject();
            return "file".equals(type) && path != null ? new Entry(path, size, mtime) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Commands.Output restore(LocalJob job, Point point, List<String> paths, Path target, Duration timeout) {
        List<String> argv = base(job, "restore", point.id(), "--target", target.toString(), "--verify");
        for (String p : paths) {
            argv.add("--include");
            argv.add(p);
        }
        return commands.run(argv, timeout);
    }

    @Override
    public Path restored(Path target, String path) {
        return target.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    @Override
    public Optional<Path> source(String path) {
        return path.startsWith("/") ? Optional.of(Path.of(path)) : Optional.empty();
    }

    private static JsonReader reader(String json) {
        JsonReader in = new JsonReader(new StringReader(json.strip()));
        in.setStrictness(Strictness.STRICT);
        return in;
    }
}
