package io.steward.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What enrollment leaves behind in {@code agent.properties}: where the server is, who this device
 * is, how often to send heartbeats and, for HTTPS, the pinned certificate fingerprint.
 *
 * @param fingerprint SHA-256 hex of the server certificate's DER, or empty for no pin
 */
public record AgentConfig(URI server, String deviceId, int heartbeatSeconds, Optional<String> fingerprint) {
    public static final String FILE_NAME = "agent.properties";

    public AgentConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (heartbeatSeconds <= 0) {
            throw new IllegalArgumentException("heartbeatSeconds must be positive: " + heartbeatSeconds);
        }
    }

    public static boolean existsIn(Path dir) {
        return Files.exists(dir.resolve(FILE_NAME));
    }

    /** Reads the enrollment; IllegalStateException with a readable reason when it is missing or broken. */
    public static AgentConfig load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            throw new IllegalStateException("not enrolled: " + file + " does not exist (run 'steward-agent enroll' first)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String server = p.getProperty("server");
        String deviceId = p.getProperty("deviceId");
        if (server == null || deviceId == null) {
            throw new IllegalStateException(file + " lacks server or deviceId");
        }
        int heartbeat;
        try {
            heartbeat = Integer.parseInt(p.getProperty("heartbeatSeconds", "60").trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " has a heartbeatSeconds that is not a number", e);
        }
        String fp = p.getProperty("fingerprint");
        return new AgentConfig(URI.create(server), deviceId, heartbeat,
                fp == null || fp.isBlank() ? Optional.empty() : Optional.of(fp.trim()));
    }

    public void store(Path dir) {
        Properties p = new Properties();
        p.setProperty("server", server.toString());
        p.setProperty("deviceId", deviceId);
        p.setProperty("heartbeatSeconds", Integer.toString(heartbeatSeconds));
        fingerprint.ifPresent(f -> p.setProperty("fingerprint", f));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE_NAME + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Steward agent enrollment");
            }
            AtomicFiles.replace(tmp, dir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
        }
    }
}
