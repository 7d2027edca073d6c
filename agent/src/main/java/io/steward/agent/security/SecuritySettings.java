package io.steward.agent.security;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Properties;

import io.steward.protocol.security.SecurityCheckMessages;

/**
 * The device's own security check settings in {@code security.properties}, set on the device and never by the server:
 * {@code checks} ({@code on}, the default, or {@code off} for none at all), {@code disabledChecks} (check ids,
 * comma-separated, e.g. {@code antivirus,disk-encryption}), {@code antivirusMaxAgeDays} (7) and {@code sshdConfig}
 * ({@code /etc/ssh/sshd_config}).
 */
public record SecuritySettings(boolean enabled, Set<String> disabledChecks, int antivirusMaxAgeDays, Path sshdConfig) {
    public static final String FILE_NAME = "security.properties";
    public static final SecuritySettings DEFAULT = new SecuritySettings(true, Set.of(), 7, SshPasswordLogin.DEFAULT_CONFIG);

    public SecuritySettings {
        disabledChecks = Set.copyOf(disabledChecks);
        for (String c : disabledChecks) {
            if (!SecurityCheckMessages.CHECKS.contains(c)) {
                throw new IllegalArgumentException("no such check: " + c + " (one of " + String.join(", ", SecurityCheckMessages.CHECKS) + ")");
            }
        }
        if (antivirusMaxAgeDays < 1) {
            throw new IllegalArgumentException("antivirusMaxAgeDays must be at least 1: " + antivirusMaxAgeDays);
        }
    }

    public static SecuritySettings load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return DEFAULT;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            String checks = p.getProperty("checks", "on").strip();
            if (!checks.equals("on") && !checks.equals("off")) {
                throw new IllegalArgumentException("checks is on or off, not " + checks);
            }
            Set<String> disabled = new LinkedHashSet<>();
            for (String c : p.getProperty("disabledChecks", "").split(",")) {
                if (!c.isBlank()) {
                    disabled.add(c.strip());
                }
            }
            return new SecuritySettings(checks.equals("on"), disabled, Integer.parseInt(p.getProperty("antivirusMaxAgeDays", "7").strip()),
                    Path.of(p.getProperty("sshdConfig", SshPasswordLogin.DEFAULT_CONFIG.toString()).strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not valid: " + e.getMessage(), e);
        }
    }

    public boolean runs(String check) {
        return enabled && !disabledChecks.contains(check);
    }
}
