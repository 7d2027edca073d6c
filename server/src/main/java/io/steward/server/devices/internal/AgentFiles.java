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
 * the server's build copies from {@code agent/packaging} into its own classes. Only these three
 * names exist; nothing is looked up from a path a caller gives.
 */
@Component
public class AgentFiles {
    public static final String JAR = "steward-agent.jar";
    public static final String LAUNCHER = "steward-agent";
    public static final String UNIT = "steward-agent.service";
    public static final List<String> NAMES = List.of(JAR, LAUNCHER, UNIT);
    private static final String PACKAGING = "agent-packaging/";

    private final Path jar;
    /** Digests by file, kept while the file's size and modification time stay the same (the jar is several MB). */
    private final ConcurrentHashMap<String, Kept> digests = new ConcurrentHashMap<>();

    private record Kept(long size, long modified, String sha256) {
    }

    public AgentFiles(DevicesProperties properties) {
        this.jar = Path.of(properties.agentJar()).toAbsolutePath().normalize();
    }

    /** Where the jar is expected (for the page's "build it" hint). */
    public Path jarPath() {
        return jar;
    }

    /** The file's description with its digest, or empty when it is not there (the jar before a build). */
    public Optional<AgentDownload> describe(String name) {
        try {
            if (JAR.equals(name)) {
                if (!Files.isRegularFile(jar)) {
                    return Optional.empty();
                }
                long size = Files.size(jar);
                long modified = Files.getLastModifiedTime(jar).toMillis();
                Kept kept = digests.get(name);
                if (kept == null || kept.size() != size || kept.modified() != modified) {
                    try (InputStream in = Files.newInputStream(jar)) {
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
            if (JAR.equals(name)) {
                return Files.isRegularFile(jar) ? Optional.of(Files.newInputStream(jar)) : Optional.empty();
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
