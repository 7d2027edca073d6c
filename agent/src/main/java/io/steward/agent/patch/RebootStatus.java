package io.steward.agent.patch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether Debian or Ubuntu waits for a reboot: {@code /var/run/reboot-required} exists (packages' postinst scripts
 * create it), and {@code reboot-required.pkgs} beside it names the packages that asked.
 */
final class RebootStatus {
    static final Path RUN = Path.of("/var/run");

    private RebootStatus() {
    }

    static boolean required(Path runDir) {
        return Files.exists(runDir.resolve("reboot-required"));
    }

    static List<String> packages(Path runDir) {
        Path pkgs = runDir.resolve("reboot-required.pkgs");
        try {
            return Files.exists(pkgs) ? Files.readAllLines(pkgs).stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
