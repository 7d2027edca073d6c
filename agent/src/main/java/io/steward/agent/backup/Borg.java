package io.steward.agent.backup;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import io.steward.agent.patch.Commands;
import io.steward.protocol.backup.BackupMessages;

/**
 * BorgBackup 1.x through its JSON output: {@code list --json REPO} for the archives, {@code info --json REPO} for the
 * deduplicated size of all of them, {@code list --json-lines REPO::ARCHIVE} for an archive's files and
 * {@code extract REPO::ARCHIVE pp:PATH...} (run in the scratch directory) for restore tests. The passphrase reaches borg
 * through its environment only: {@code BORG_PASSCOMMAND=cat FILE}, so the agent never holds it. A lock another borg
 * holds longer than {@link #LOCK_WAIT_SECONDS} is "locked"; "does not exist" and "is not a valid repository" are
 * "missing". borg prints times in the device's local time without an offset, which is how they are read.
 */
final class Borg implements BackupTool {
    static final int LOCK_WAIT_SECONDS = 5;
    private final String program;
    private final Map<String, String> environment;
    private final ZoneId zone;
    /** The deduplicated size of each job's archives, by job, archive count and newest archive. */
    private final Map<String, Long> sizes = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param environment added to borg's (e.g. {@code BORG_BASE_DIR}); the passphrase command is added per job */
    Borg(String program, Map<String, String> environment, ZoneId zone) {
        this.program = program;
        this.environment = Map.copyOf(environment);
        this.zone = zone;
    }

    private Commands commands(LocalJob job) {
        return new Commands(environment(job));
    }

    private Map<String, String> environment(LocalJob job) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("BORG_PASSCOMMAND", "cat " + shellQuote(job.passwordFile().toString()));
        // Never answer borg's questions with yes: a moved or unknown unencrypted repository is a problem to report.
        env.put("BORG_RELOCATED_REPO_ACCESS_IS_OK", "no");
        env.put("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "no");
        env.put("BORG_DISPLAY_PASSPHRASE", "no");
        return env;
    }

    /** borg splits BORG_PASSCOMMAND like a POSIX shell (shlex) but runs no shell: one quoted word for the path. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    static String resultOf(int exitCode, String stderr) {
        // 127: nice (which runs the tool) found no such program
        if ((exitCode == -1 && stderr.startsWith("cannot start")) || exitCode == 127) {
            return BackupMessages.RESULT_UNKNOWN;
        }
        if (stderr.contains("does not exist") || stderr.contains("is not a valid repository") || stderr.contains("Repository.DoesNotExist")) {
            return BackupMessages.RESULT_MISSING;
        }
        if (stderr.contains("Failed to create/acquire the lock") || stderr.contains("LockTimeout") || stderr.contains("LockFailed")) {
            return BackupMessages.RESULT_LOCKED;
        }
        return BackupMessages.RESULT_FAILED;
    }

    @Override
    public State read(LocalJob job) {
        Commands c = commands(job);
        Commands.Output out = c.run(List.of(program, "list", "--json", "--lock-wait", Integer.toString(LOCK_WAIT_SECONDS), job.repository()),
                READ_TIMEOUT);
        // borg exits 1 for warnings: the JSON is still there
        if (out.exitCode() != 0 && out.exitCode() != 1) {
            return State.problem(resultOf(out.exitCode(), out.stderr()), BackupTool.message(out));
        }
        List<Point> points;
        try {
            points = archives(out.stdout(), zone);
        } catch (IllegalArgumentException e) {
            return State.problem(out.exitCode() == 0 ? BackupMessages.RESULT_UNKNOWN : resultOf(out.exitCode(), out.stderr()),
                    BackupTool.oneLine(out.exitCode() == 0 ? e.getMessage() : BackupTool.message(out)));
        }
        // info reads the chunk index: once per new set of archives (a new one, or one pruned), not every report
        String key = job.name() + "\n" + points.size() + "\n" + new State(null, null, points, 0).newest().map(Point::id).orElse("");
        Long known = sizes.get(key);
        if (known != null) {
            return new State(null, null, points, known);
        }
        Commands.Output info = c.run(List.of(program, "info", "--json", "--lock-wait", Integer.toString(LOCK_WAIT_SECONDS), job.repository()),
                READ_TIMEOUT);
        long size = info.ok() ? uniqueSize(info.stdout()) : 0;
        if (size > 0) {
            sizes.keySet().removeIf(k -> k.startsWith(job.name() + "\n"));
            sizes.put(key, size);
        }
        return new State(null, null, points, size);
    }

    /** The archives of {@code list --json}: {@code archives[].name} and {@code .start} (local time, no offset). */
    static List<Point> archives(String json, ZoneId zone) {
        List<Point> points = new ArrayList<>();
        try (JsonReader in = reader(json)) {
            in.beginObject();
            while (in.hasNext()) {
                if (!in.nextName().equals("archives")) {
                    in.skipValue();
                    continue;
                }
                in.beginArray();
                while (in.hasNext()) {
                    String name = null;
                    String start = null;
                    in.beginObject();
                    while (in.hasNext()) {
                        switch (in.nextName()) {
                            case "name" -> name = in.nextString();
                            case "start" -> start = in.nextString();
                            default -> in.skipValue();
                        }
                    }
                    in.endObject();
                    if (name != null && start != null) {
                        points.add(new Point(name, time(start, zone)));
                    }
                }
                in.endArray();
            }
            in.endObject();
            return points;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable borg list output: " + e.getMessage(), e);
        }
    }

    static long time(String text, ZoneId zone) {
        return LocalDateTime.parse(text).atZone(zone).toInstant().toEpochMilli();
    }

    /** {@code cache.stats.unique_csize} of {@code info --json}: what all archives take in the repository, deduplicated and compressed. */
    static long uniqueSize(String json) {
        try (JsonReader in = reader(json)) {
            long size = 0;
            in.beginObject();
            while (in.hasNext()) {
                if (!in.nextName().equals("cache")) {
                    in.skipValue();
                    continue;
                }
                in.beginObject();
                while (in.hasNext()) {
                    if (!in.nextName().equals("stats")) {
                        in.skipValue();
                        continue;
                    }
                    in.beginObject();
                    while (in.hasNext()) {
                        if (in.nextName().equals("unique_csize")) {
                            size = in.nextLong();
                        } else {
                            in.skipValue();
                        }
                    }
                    in.endObject();
                }
                in.endObject();
            }
            in.endObject();
            return size;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String files(LocalJob job, Point point, Consumer<Entry> each) {
        Commands.Output out = LineStream.run(List.of(program, "list", "--json-lines", "--lock-wait", Integer.toString(LOCK_WAIT_SECONDS),
                job.repository() + "::" + point.id()), environment(job), READ_TIMEOUT, line -> {
                    Entry e = entry(line, zone);
                    if (e != null) {
                        each.accept(e);
                    }
                });
        return out.exitCode() == 0 || out.exitCode() == 1 ? null : BackupTool.message(out);
    }

    /** Regular files ({@code "type": "-"}) of {@code list --json-lines} output. */
    static List<Entry> listing(String lines, ZoneId zone) {
        List<Entry> files = new ArrayList<>();
        for (String line : lines.split("\n")) {
            Entry e = entry(line, zone);
            if (e != null) {
                files.add(e);
            }
        }
        return files;
    }

    /** One line of {@code list --json-lines}: a regular file, or null (a directory, a link, a blank or unreadable line). */
    static Entry entry(String line, ZoneId zone) {
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
                    case "mtime" -> mtime = time(in.nextString(), zone);
                    default -> in.skipValue();
                }
            }
            in.endObject();
            return "-".equals(type) && path != null ? new Entry(path, size, mtime) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Commands.Output restore(LocalJob job, Point point, List<String> paths, Path target, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of(program, "extract", "--lock-wait", Integer.toString(LOCK_WAIT_SECONDS),
                job.repository() + "::" + point.id()));
        // pp: a path prefix, never a pattern, whatever characters the name holds
        paths.forEach(p -> argv.add("pp:" + p));
        return commands(job).run(argv, timeout, true, target);
    }

    @Override
    public Path restored(Path target, String path) {
        return target.resolve(path);
    }

    @Override
    public Optional<Path> source(String path) {
        // borg stores absolute paths without their leading slash
        return path.startsWith("/") ? Optional.empty() : Optional.of(Path.of("/" + path));
    }

    private static JsonReader reader(String json) {
        JsonReader in = new JsonReader(new StringReader(json.strip()));
        in.setStrictness(Strictness.STRICT);
        return in;
    }
}
