package io.steward.agent.patch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.steward.protocol.patch.PatchMessages;

/**
 * A scan of this device's available updates with its package manager: optionally refresh the metadata first, then
 * list the updates, and measure what the children cost. A failed scan is a {@link PatchMessages.Scan} with its
 * error (its empty update list then means nothing).
 */
public final class PatchScanner {
    private final PackageManager manager;
    private final Map<String, String> environment;
    private final Clock clock;

    public PatchScanner(PackageManager manager, Map<String, String> environment, Clock clock) {
        this.manager = manager;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    /** The package manager of this machine with the local settings, or empty when it has none the agent knows. */
    public static Optional<PatchScanner> forThisMachine(PatchSettings settings, Clock clock) {
        Map<String, String> env = new HashMap<>();
        settings.aptConfig().ifPresent(c -> env.put("APT_CONFIG", c.toString()));
        return detect(System.getProperty("os.name", ""), settings).map(m -> new PatchScanner(m, env, clock));
    }

    static Optional<PackageManager> detect(String osName, PatchSettings settings) {
        if (osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return Optional.of(new WindowsUpdate());
        }
        if (onPath("apt-get") && onPath("dpkg")) {
            return Optional.of(new Apt(settings.aptOptions(), RebootStatus.RUN));
        }
        if (onPath("dnf")) {
            return Optional.of(new Dnf());
        }
        return Optional.empty();
    }

    private static boolean onPath(String program) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    public PackageManager manager() {
        return manager;
    }

    /** Commands with this scanner's environment (and a fresh cost account). */
    public Commands commands() {
        return new Commands(environment);
    }

    /** Scans; {@code refresh} first refreshes the metadata (a failed refresh is logged in the error only if the scan fails too). */
    public PatchMessages.Scan scan(boolean refresh) {
        Commands commands = commands();
        String refreshProblem = null;
        if (refresh) {
            Commands.Output r = manager.refresh(commands);
            if (!r.ok()) {
                refreshProblem = "refreshing the metadata failed: " + r.lastError();
            }
        }
        try {
            PackageManager.Found found = manager.scan(commands);
            return new PatchMessages.Scan(0, clock.millis(), manager.name(), found.rebootRequired(), found.rebootPackages(), found.metadataRefreshedAt(),
                    found.updates(), commands.takeCost(), null);
        } catch (RuntimeException e) {
            String error = e.getMessage() + (refreshProblem == null ? "" : "; " + refreshProblem);
            return new PatchMessages.Scan(0, clock.millis(), manager.name(), false, List.of(), null, List.of(), commands.takeCost(), error);
        }
    }

    /** The scan with the message's sequence number. */
    public static PatchMessages.Scan numbered(PatchMessages.Scan s, long seq) {
        return new PatchMessages.Scan(seq, s.scannedAt(), s.manager(), s.rebootRequired(), s.rebootPackages(), s.metadataRefreshedAt(), s.updates(),
                s.cost(), s.error());
    }
}
