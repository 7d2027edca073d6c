package io.steward.server.backup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The device's side of BackupEndToEndTest, made with the real tools: a directory of files (dated three days back, so
 * older than any snapshot taken now), a repository password file, and restic and borg behind small wrappers the agent's
 * settings name ({@code resticCommand}, {@code borgCommand}) that keep the tools' caches and borg's keys in the test's
 * directory instead of root's home.
 */
final class RealBackups {
    static final int FILES = 5;

    final Path root;
    final Path source;
    final Path passwordFile;
    final Path scratch;
    final Path resticCommand;
    final Path borgCommand;
    final Map<String, String> env;

    RealBackups(Path root) throws IOException {
        this.root = root;
        this.source = Files.createDirectories(root.resolve("data"));
        this.scratch = Files.createDirectories(root.resolve("scratch"));
        this.passwordFile = root.resolve("repo.pass");
        Files.writeString(passwordFile, "correct horse battery staple\n");
        Path cache = Files.createDirectories(root.resolve("restic-cache"));
        Path borgBase = Files.createDirectories(root.resolve("borg-base"));
        // TZ=UTC: restic reads --time in the local zone.
        env = Map.of("RESTIC_CACHE_DIR", cache.toString(), "BORG_BASE_DIR", borgBase.toString(), "TZ", "UTC");
        resticCommand = wrapper("restic", "RESTIC_CACHE_DIR", cache);
        borgCommand = wrapper("borg", "BORG_BASE_DIR", borgBase);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
        for (int i = 1; i <= FILES; i++) {
            Path dir = Files.createDirectories(source.resolve(i % 2 == 0 ? "even" : "odd"));
            Path f = dir.resolve("file-" + i + ".txt");
            Files.writeString(f, ("content of file " + i + "\n").repeat(100 * i), StandardCharsets.UTF_8);
            Files.setLastModifiedTime(f, old);
        }
    }

    private Path wrapper(String program, String variable, Path dir) throws IOException {
        Path w = Files.createDirectories(root.resolve("bin")).resolve(program + "-wrapped");
        Files.writeString(w, "#!/bin/sh\n" + variable + "='" + dir + "'\nexport " + variable + "\nexec " + program + " \"$@\"\n");
        Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
        return w;
    }

    Path resticRepo(String name) throws Exception {
        Path repo = root.resolve(name);
        restic(repo, "init");
        return repo;
    }

    void restic(Path repo, String... args) throws Exception {
        resticOut(repo, args);
    }

    String resticOut(Path repo, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("restic", "--repo", repo.toString(), "--password-file", passwordFile.toString(), "--quiet"));
        argv.addAll(List.of(args));
        return run(argv, env);
    }

    Path borgRepo(String name) throws Exception {
        Path repo = root.resolve(name);
        borg("init", "--encryption", "repokey", repo.toString());
        return repo;
    }

    void borg(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("borg"));
        argv.addAll(List.of(args));
        Map<String, String> withPass = new LinkedHashMap<>(env);
        withPass.put("BORG_PASSCOMMAND", "cat '" + passwordFile + "'");
        run(argv, withPass);
    }

    String run(List<String> argv, Map<String, String> env) throws Exception {
        Path err = Files.createTempFile(root, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(argv + " failed: " + out + Files.readString(err));
        }
        Files.delete(err);
        return out;
    }
}
