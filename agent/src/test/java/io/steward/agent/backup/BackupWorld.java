package io.steward.agent.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.steward.agent.patch.Commands;
import io.steward.protocol.backup.BackupMessages;

/**
 * Real restic and borg repositories in a temporary directory: a source tree (files dated an hour back, so they are
 * older than any restore point taken now), a password file, and the tools' caches kept inside the directory too.
 */
final class BackupWorld {
    final Path root;
    final Path source;
    final Path passwordFile;
    final Path cache;
    final Path borgBase;

    BackupWorld(Path root) throws IOException {
        this.root = root;
        this.source = Files.createDirectories(root.resolve("data"));
        this.passwordFile = root.resolve("repo.pass");
        Files.writeString(passwordFile, "correct horse battery staple\n");
        this.cache = Files.createDirectories(root.resolve("cache"));
        this.borgBase = Files.createDirectories(root.resolve("borg-base"));
        FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (int i = 1; i <= 5; i++) {
            Path dir = Files.createDirectories(source.resolve(i % 2 == 0 ? "even" : "odd"));
            Path f = dir.resolve("file-" + i + ".txt");
            Files.writeString(f, ("content of file " + i + "\n").repeat(100 * i), StandardCharsets.UTF_8);
            Files.setLastModifiedTime(f, hourAgo);
        }
    }

    Map<String, String> resticEnv() {
        return Map.of("RESTIC_CACHE_DIR", cache.toString());
    }

    Map<String, String> borgEnv() {
        return Map.of("BORG_BASE_DIR", borgBase.toString());
    }

    LocalJob job(String name, String tool, Path repo, int scheduleHours) {
        return new LocalJob(name, tool, repo.toString(), passwordFile, List.of(source), scheduleHours, Optional.empty());
    }

    BackupReader reader(LocalJob... jobs) {
        return reader(u -> null, jobs);
    }

    BackupReader reader(java.util.function.Function<String, SystemdUnit.Run> units, LocalJob... jobs) {
        BackupSettings settings = new BackupSettings(List.of(jobs), 15, false, Optional.of(root), "restic", "borg");
        return new BackupReader(settings, Map.of(BackupMessages.TOOL_RESTIC, new Restic("restic", resticEnv()),
                BackupMessages.TOOL_BORG, new Borg("borg", borgEnv(), ZoneId.systemDefault())), units, new Commands(Map.of()), Clock.systemUTC());
    }

    Path resticRepo(String name) throws Exception {
        Path repo = root.resolve(name);
        restic(repo, "init");
        return repo;
    }

    void resticBackup(Path repo) throws Exception {
        restic(repo, "backup", source.toString());
    }

    void restic(Path repo, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("restic", "--repo", repo.toString(), "--password-file", passwordFile.toString(), "--quiet"));
        argv.addAll(List.of(args));
        run(argv, resticEnv());
    }

    Path borgRepo(String name) throws Exception {
        Path repo = root.resolve(name);
        run(List.of("borg", "init", "--encryption", "repokey", repo.toString()), borgPass());
        return repo;
    }

    void borgBackup(Path repo, String archive) throws Exception {
        run(List.of("borg", "create", repo + "::" + archive, source.toString()), borgPass());
    }

    Map<String, String> borgPass() {
        return Map.of("BORG_BASE_DIR", borgBase.toString(), "BORG_PASSCOMMAND", "cat " + Borg.shellQuote(passwordFile.toString()));
    }

    static void run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(argv + " failed: " + out);
        }
    }
}
