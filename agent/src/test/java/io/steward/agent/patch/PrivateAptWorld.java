package io.steward.agent.patch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private apt world with real packages, for the agent's and the server's end-to-end patch tests (published in the
 * agent's test jar): two tiny packages built with {@code dpkg-deb} at versions 1 and 2, version 1 of both installed
 * with dpkg into a private root, version 2 of {@link #SECURITY_PKG} in a repository whose Release says {@code Origin:
 * Debian-Security}, {@code Suite: stable-security} (made with {@code apt-ftparchive}), version 2 of {@link #HELD_PKG}
 * (held with apt-mark) in a plain "Debian" one. apt sees only private configuration, sources, state, cache, logs and
 * dpkg database, through the agent's local patch settings (apt options and APT_CONFIG) stored in the agent's
 * configuration directory, so the machine's own are untouched. Needs root (dpkg installs) and apt-utils (.ci/run
 * installs it).
 */
public final class PrivateAptWorld {
    public static final String SECURITY_PKG = "steward-patch-test";
    public static final String HELD_PKG = "steward-held-test";

    private final Path root;
    private final Path runDir;
    private final PatchSettings settings;

    private PrivateAptWorld(Path root, Path runDir, PatchSettings settings) {
        this.root = root;
        this.runDir = runDir;
        this.settings = settings;
    }

    /** Builds the world under {@code dir} and stores the agent's local patch settings for it in {@code agentConfigDir}. */
    public static PrivateAptWorld build(Path dir, Path agentConfigDir) throws Exception {
        assertThat(System.getProperty("user.name")).as("this test installs packages with dpkg: run it as root").isEqualTo("root");
        assertThat(Files.isExecutable(Path.of("/usr/bin/apt-ftparchive"))).as("apt-ftparchive is missing: apt-get install apt-utils").isTrue();
        Path root = Files.createDirectories(dir.resolve("root"));
        Path admin = Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createDirectories(admin.resolve("updates"));
        Files.createDirectories(admin.resolve("info"));
        Files.writeString(admin.resolve("status"), "");
        Files.writeString(admin.resolve("available"), "");
        Path etc = Files.createDirectories(dir.resolve("etc/apt"));
        for (String d : List.of("sources.list.d", "preferences.d", "apt.conf.d", "trusted.gpg.d")) {
            Files.createDirectories(etc.resolve(d));
        }
        Files.writeString(etc.resolve("apt.conf"), "");
        Path log = Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("state/lists/partial"));
        Files.createDirectories(dir.resolve("cache/archives/partial"));
        Path runDir = Files.createDirectories(dir.resolve("run"));

        Path main = Files.createDirectories(dir.resolve("repo-main"));
        Path security = Files.createDirectories(dir.resolve("repo-security"));
        Path v1 = build(dir, SECURITY_PKG, "1");
        Path held1 = build(dir, HELD_PKG, "1");
        Files.copy(v1, main.resolve(v1.getFileName()));
        Files.copy(held1, main.resolve(held1.getFileName()));
        Path held2 = build(dir, HELD_PKG, "2");
        Files.copy(held2, main.resolve(held2.getFileName()));
        Path v2 = build(dir, SECURITY_PKG, "2");
        Files.copy(v2, security.resolve(v2.getFileName()));
        repository(main, "Debian", "stable", "bookworm");
        repository(security, "Debian-Security", "stable-security", "bookworm-security");
        Files.writeString(etc.resolve("sources.list"), "deb [trusted=yes] file:" + main + " ./\ndeb [trusted=yes] file:" + security + " ./\n");
        run(dir, List.of("dpkg", "--root=" + root, "--log=" + log.resolve("dpkg.log"), "-i", v1.toString(), held1.toString()), Map.of());

        // The main configuration file and the parts directory are read before any -o option: APT_CONFIG replaces them.
        Path aptConf = dir.resolve("apt.conf");
        Files.writeString(aptConf, "Dir::Etc::Parts \"" + etc.resolve("apt.conf.d") + "\";\nDir::Etc::Main \"" + etc.resolve("apt.conf") + "\";\n");
        new PatchSettings(true, List.of("Dir::Etc=" + etc, "Dir::Etc::sourcelist=" + etc.resolve("sources.list"),
                "Dir::Etc::sourceparts=" + etc.resolve("sources.list.d"), "Dir::Etc::preferencesparts=" + etc.resolve("preferences.d"),
                "Dir::Etc::trustedparts=" + etc.resolve("trusted.gpg.d"), "Dir::State=" + dir.resolve("state"),
                "Dir::State::status=" + admin.resolve("status"), "Dir::Cache=" + dir.resolve("cache"), "Dir::Log=" + log,
                "DPkg::Options::=--root=" + root, "DPkg::Options::=--log=" + log.resolve("dpkg.log")), Optional.of(aptConf)).store(agentConfigDir);
        // What the agent uses is what it stored in its local configuration.
        PrivateAptWorld world = new PrivateAptWorld(root, runDir, PatchSettings.load(agentConfigDir));
        List<String> hold = new ArrayList<>(List.of("apt-mark"));
        world.settings.aptOptions().forEach(o -> hold.addAll(List.of("-o", o)));
        hold.addAll(List.of("hold", HELD_PKG));
        run(dir, hold, world.environment());
        return world;
    }

    /** The private dpkg root the packages install into. */
    public Path root() {
        return root;
    }

    /** Where the scanner looks for {@code reboot-required} (instead of the machine's /run). */
    public Path runDir() {
        return runDir;
    }

    /** The agent's local patch settings for this world, as loaded from its configuration directory. */
    public PatchSettings settings() {
        return settings;
    }

    /** The environment of every apt program the agent runs here (APT_CONFIG from the settings). */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        settings.aptConfig().ifPresent(c -> env.put("APT_CONFIG", c.toString()));
        return Map.copyOf(env);
    }

    /** The agent's apt scanner for this world, as the agent makes it from its settings, with this world's run directory. */
    public PatchScanner scanner(Clock clock) {
        return new PatchScanner(new Apt(settings.aptOptions(), runDir), environment(), clock);
    }

    /** The version the package's file in the private root says (each version ships a file holding its version). */
    public String deployedVersion(String pkg) throws java.io.IOException {
        return Files.readString(root.resolve("opt/steward-test/" + pkg)).strip();
    }

    /** Whether the machine's own dpkg database knows the package (it never should). */
    public static boolean knownToTheMachine(String pkg) throws Exception {
        return new ProcessBuilder("dpkg-query", "-W", pkg).redirectErrorStream(true).start().waitFor() == 0;
    }

    private static Path build(Path dir, String name, String version) throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("build/" + name + "_" + version));
        Files.createDirectories(pkg.resolve("DEBIAN"));
        Files.writeString(pkg.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version + "\nArchitecture: all\n"
                + "Maintainer: Steward tests <tests@steward.invalid>\nDescription: Steward patch test package\n");
        Files.createDirectories(pkg.resolve("opt/steward-test"));
        Files.writeString(pkg.resolve("opt/steward-test/" + name), version + "\n");
        Path deb = dir.resolve("build/" + name + "_" + version + "_all.deb");
        run(dir, List.of("dpkg-deb", "--root-owner-group", "-Zgzip", "--build", pkg.toString(), deb.toString()), Map.of());
        return deb;
    }

    private static void repository(Path dir, String origin, String suite, String codename) throws Exception {
        Files.writeString(dir.resolve("Packages"), run(dir, List.of("apt-ftparchive", "packages", "."), Map.of()));
        Files.writeString(dir.resolve("Release"), run(dir, List.of("apt-ftparchive", "-o", "APT::FTPArchive::Release::Origin=" + origin,
                "-o", "APT::FTPArchive::Release::Label=" + origin, "-o", "APT::FTPArchive::Release::Suite=" + suite,
                "-o", "APT::FTPArchive::Release::Codename=" + codename, "release", "."), Map.of()));
    }

    private static String run(Path dir, List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        pb.environment().putAll(env);
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + Files.readString(err) + out).isZero();
        Files.delete(err);
        return out;
    }
}
