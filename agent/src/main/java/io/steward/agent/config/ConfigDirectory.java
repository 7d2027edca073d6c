package io.steward.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which directory holds the agent's key, enrollment, sequence number and spool when none is
 * given: the system place when this user may write there (the service runs so), else one in the
 * user's home, so a trial run without root still works.
 */
public final class ConfigDirectory {
    public static final Path SYSTEM = Path.of("/etc/steward-agent");

    private ConfigDirectory() {
    }

    public static Path resolve(Path given) {
        if (given != null) {
            return given;
        }
        if (Files.isDirectory(SYSTEM) ? Files.isWritable(SYSTEM) : Files.isWritable(SYSTEM.getParent())) {
            return SYSTEM;
        }
        return Path.of(System.getProperty("user.home"), ".steward-agent");
    }
}
