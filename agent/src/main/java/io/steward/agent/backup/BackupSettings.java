package io.steward.agent.backup;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The device's own backup settings in {@code backup.properties}, written on the device and never by the server: the
 * restic and borg jobs to report on and to test restores of, how often to report, whether to look for Windows Server
 * Backup and Veeam through PowerShell, where restore tests make their scratch directories, and which programs to run.
 * A job is the group of keys {@code job.NAME.*}:
 * <pre>
 * job.nightly.tool=restic
 * job.nightly.repository=/srv/backup/restic
 * job.nightly.passwordFile=/etc/steward-agent/restic.pass
 * job.nightly.paths=/home,/etc
 * job.nightly.scheduleHours=24
 * job.nightly.unit=restic-nightly.service
 * </pre>
 */
public record BackupSettings(List<LocalJob> jobs, int reportMinutes, boolean discoverWindows, Optional<Path> scratchDir, String restic, String borg) {
    public static final String FILE_NAME = "backup.properties";
    static final int DEFAULT_REPORT_MINUTES = 15;
    static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    public static final BackupSettings NONE = new BackupSettings(List.of(), DEFAULT_REPORT_MINUTES, WINDOWS, Optional.empty(), "restic", "borg");
    private static final List<String> JOB_KEYS = List.of("tool", "repository", "passwordFile", "paths", "scheduleHours", "unit");

    public BackupSettings {
        jobs = List.copyOf(jobs);
        if (reportMinutes < 1 || reportMinutes > 24 * 60) {
            throw new IllegalArgumentException("reportMinutes is 1 to 1440");
        }
        if (jobs.stream().map(LocalJob::name).distinct().count() != jobs.size()) {
            throw new IllegalArgumentException("two jobs have the same name");
        }
    }

    /** Whether there is anything to report: without jobs or Windows discovery the agent starts no backup thread. */
    public boolean active() {
        return !jobs.isEmpty() || discoverWindows;
    }

    public Optional<LocalJob> job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    public static BackupSettings load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return NONE;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return parse(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not valid: " + e.getMessage(), e);
        }
    }

    static BackupSettings parse(Properties p) {
        Map<String, Map<String, String>> byJob = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("job.")) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String name = key.substring(4, Math.max(4, dot));
            String field = key.substring(dot + 1);
            if (name.isEmpty() || !JOB_KEYS.contains(field)) {
                throw new IllegalArgumentException("unknown key " + key + " (a job's keys are job.NAME." + String.join("|", JOB_KEYS) + ")");
            }
            byJob.computeIfAbsent(name, n -> new TreeMap<>()).put(field, p.getProperty(key).strip());
        }
        List<LocalJob> jobs = new ArrayList<>();
        byJob.forEach((name, keys) -> jobs.add(new LocalJob(name, keys.getOrDefault("tool", ""), keys.get("repository"),
                keys.containsKey("passwordFile") ? Path.of(keys.get("passwordFile")) : null,
                Arrays.stream(keys.getOrDefault("paths", "").split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList(),
                Integer.parseInt(keys.getOrDefault("scheduleHours", "0")),
                Optional.ofNullable(keys.get("unit")).filter(u -> !u.isEmpty()))));
        String discover = p.getProperty("discoverWindows", "auto").strip();
        boolean windows = switch (discover) {
            case "auto" -> WINDOWS;
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("discoverWindows is auto, yes or no, not " + discover);
        };
        String scratch = p.getProperty("scratchDir", "").strip();
        if (!scratch.isEmpty() && !Path.of(scratch).isAbsolute()) {
            throw new IllegalArgumentException("scratchDir must be an absolute path");
        }
        return new BackupSettings(jobs, Integer.parseInt(p.getProperty("reportMinutes", Integer.toString(DEFAULT_REPORT_MINUTES)).strip()), windows,
                scratch.isEmpty() ? Optional.empty() : Optional.of(Path.of(scratch)), program(p, "resticCommand", "restic"), program(p, "borgCommand", "borg"));
    }

    private static String program(Properties p, String key, String fallback) {
        String v = p.getProperty(key, fallback).strip();
        if (v.isEmpty() || v.startsWith("-") || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(key + " must name a program");
        }
        return v;
    }

    /** One line for {@code status}. */
    public String describe() {
        return jobs.isEmpty() && !discoverWindows ? "no backup jobs configured"
                : jobs.size() + " job(s) " + jobs.stream().map(j -> j.name() + " (" + j.tool() + ")").toList() + (discoverWindows
                ? ", Windows Server Backup and Veeam looked for" : "") + "; reported every " + reportMinutes + " min";
    }
}
