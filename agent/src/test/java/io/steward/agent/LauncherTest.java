package io.steward.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped launcher ({@code packaging/steward-agent}), run by {@code sh} with a stand-in for
 * {@code java} that prints the arguments it was given.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("packaging/steward-agent").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void runMapsAnArchiveNamedAfterTheJarAndJavaSoAnUpgradeStartsANewOneAndTheStaleOnesGo() throws Exception {
        Path jar = Files.write(dir.resolve("steward-agent.jar"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.write(state.resolve("steward-agent.jsa"), new byte[] {0});
        Files.write(state.resolve("steward-agent-1.2-3.4.jsa"), new byte[] {0});
        Files.write(state.resolve("keep.txt"), new byte[] {0});

        String first = launch(jar, state, "run", "--config-dir", "/etc/steward-agent");
        String archive = archiveIn(first);
        assertThat(archive).startsWith(state + "/steward-agent-3.1793491200-").endsWith(".jsa");
        assertThat(first).contains("-XX:+AutoCreateSharedArchive", "-Xmx16m", "-XX:+UseSerialGC",
                "-jar " + jar + " run --config-dir /etc/steward-agent");
        assertThat(names(state)).containsExactly("keep.txt");

        // The JVM writes the archive when the agent stops; the next start maps the same one.
        Files.write(Path.of(archive), new byte[] {0});
        assertThat(archiveIn(launch(jar, state, "run"))).isEqualTo(archive);
        assertThat(names(state)).containsExactly("keep.txt", Path.of(archive).getFileName().toString());

        Files.write(jar, new byte[] {1, 2, 3, 4});
        String upgraded = archiveIn(launch(jar, state, "run"));
        assertThat(upgraded).startsWith(state + "/steward-agent-4.").isNotEqualTo(archive);
        assertThat(names(state)).containsExactly("keep.txt");
    }

    @Test
    void otherCommandsAndAStateDirectoryThatIsNotThereGetNoArchive() throws Exception {
        Path jar = Files.write(dir.resolve("steward-agent.jar"), new byte[] {1});
        Path state = Files.createDirectory(dir.resolve("state"));
        assertThat(launch(jar, state, "enroll", "--server", "https://s")).doesNotContain("SharedArchiveFile")
                .endsWith("-jar " + jar + " enroll --server https://s");
        assertThat(launch(jar, dir.resolve("missing"), "run")).doesNotContain("SharedArchiveFile");
    }

    private String launch(Path jar, Path state, String... args) throws IOException, InterruptedException {
        Path java = dir.resolve("java");
        if (!Files.exists(java)) {
            Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        }
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("sh", LAUNCHER.toString()), Stream.of(args)).toList());
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("STEWARD_AGENT_JAR", jar.toString());
        pb.environment().put("STEWARD_AGENT_STATE", state.toString());
        pb.environment().remove("STEWARD_AGENT_JAVA_OPTS");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String archiveIn(String javaArgs) {
        return Stream.of(javaArgs.split(" ")).filter(a -> a.startsWith("-XX:SharedArchiveFile="))
                .map(a -> a.substring("-XX:SharedArchiveFile=".length())).findFirst().orElse("");
    }

    private static List<String> names(Path state) throws IOException {
        try (Stream<Path> files = Files.list(state)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
