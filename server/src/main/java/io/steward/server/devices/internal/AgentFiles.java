package io.steward.server.devices.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.server.devices.AgentDownload;
import io.steward.server.devices.DevicesProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The files Steward hands out to install the agent: the jar from the configured build path (read
 * when asked, so a rebuilt jar is served without a restart), and the launcher and systemd unit that
 * the server's build copies from {@code agent/packaging} into its own classes; and the agent's .deb and
 * .rpm (with their own Java runtime) from the packages directory ({@code steward.devices.agent-packages}, where
 * {@code agent/packaging/build-packages.sh} writes them by default), served under fixed names. Only these names
 * exist; nothing is looked up from a path a caller gives.
 */
@Component
public class AgentFiles {
    public static final String JAR = "steward-agent.jar";
    public static final String LAUNCHER = "steward-agent";
    public static final String UNIT = "steward-agent.service";
    public static final List<String> NAMES = List.of(JAR, LAUNCHER, UNIT);
    /** The Debian/Ubuntu package, whatever its version (the newest built one is served). */
    public static final String DEB = "steward-agent_amd64.deb";
    /** The RHEL-family package. */
    public static final String RPM = "steward-agent.x86_64.rpm";
    public static final List<String> PACKAGES = List.of(DEB, RPM);
    private static final String PACKAGING = "agent-packaging/";

    private final Path jar;
    private final Path packages;
    /** Digests by file, kept while the file's size and modification time stay the same (the jar is several MB). */
    private final ConcurrentHashMap<String, Kept> digests = new ConcurrentHashMap<>();

    private record Kept(long size, long modified, String sha256) {
    }

    public AgentFiles(DevicesProperties properties) {
        this.jar = Path.of(properties.agentJar()).toAbsolutePath().normalize();
        this.packages = Path.of(properties.agentPackages()).toAbsolutePath().normalize();
    }

    /** Where the jar is expected (for the page's "build it" hint). */
    public Path jarPath() {
        return jar;
    }

    /** The file's description with its digest, or empty when it is not there (the jar before a build). */
    public Optional<AgentDownload> describe(String name) {
        try {
            Optional<Path> file = JAR.equals(name) ? Optional.of(jar) : builtPackage(name);
            if (file.isPresent()) {
                Path path = file.get();
                if (!Files.isRegularFile(path)) {
                    return Optional.empty();
                }
                long size = Files.size(path);
                long modified = Files.getLastModifiedTime(path).toMillis();
                Kept kept = digests.get(name);
                if (kept == null || kept.size() != size || kept.modified() != modified) {
                    try (InputStream in = Files.newInputStream(path)) {
                        kept = new Kept(size, modified, sha256(in));
                    }
                    digests.put(name, kept);
                }
                return Optional.of(new AgentDownload(name, "/downloads/" + name, kept.sha256(), size));
            }
            if (LAUNCHER.equals(name) || UNIT.equals(name)) {
                ClassPathResource r = new ClassPathResource(PACKAGING + name);
                if (!r.exists()) {
                    return Optional.empty();
                }
                Kept kept = digests.get(name);
                if (kept == null) {
                    try (InputStream in = r.getInputStream()) {
                        kept = new Kept(r.contentLength(), 0, sha256(in));
                    }
                    digests.put(name, kept);
                }
                return Optional.of(new AgentDownload(name, "/downloads/" + name, kept.sha256(), kept.size()));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's content; the caller closes it. Empty for an unknown name or a missing file. */
    public Optional<InputStream> open(String name) {
        try {
            Optional<Path> file = JAR.equals(name) ? Optional.of(jar) : builtPackage(name);
            if (file.isPresent()) {
                return Files.isRegularFile(file.get()) ? Optional.of(Files.newInputStream(file.get())) : Optional.empty();
            }
            if (LAUNCHER.equals(name) || UNIT.equals(name)) {
                ClassPathResource r = new ClassPathResource(PACKAGING + name);
                return r.exists() ? Optional.of(r.getInputStream()) : Optional.empty();
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The newest built package for a served package name ({@code steward-agent_<version>_amd64.deb},
     * {@code steward-agent-<version>-1.x86_64.rpm} in the packages directory); empty for any other name.
     */
    private Optional<Path> builtPackage(String name) throws IOException {
        String prefix;
        String suffix;
        if (DEB.equals(name)) {
            prefix = "steward-agent_";
            suffix = "_amd64.deb";
        } else if (RPM.equals(name)) {
            prefix = "steward-agent-";
            suffix = ".x86_64.rpm";
        } else {
            return Optional.empty();
        }
        Path dir = packages;
        if (!Files.isDirectory(dir)) {
            return Optional.of(dir.resolve(name));
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return Optional.of(files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(suffix))
                    .filter(Files::isRegularFile)
                    .max(java.util.Comparator.comparingLong(AgentFiles::modified))
                    .orElse(dir.resolve(name)));
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, md)) {
                d.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
