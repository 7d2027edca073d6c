package io.steward.agent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.steward.agent.config.ConfigDirectory;
import io.steward.agent.patch.PatchScanner;
import io.steward.agent.patch.PatchSettings;
import io.steward.protocol.patch.PatchMessages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sets this device's own patch settings ({@code patch.properties}; the server cannot change them) and, with
 * {@code --scan}, prints what a scan finds here without sending anything.
 */
@Command(name = "patching", mixinStandardHelpOptions = true, description = {
        "Set this device's local patch settings (the server cannot change them), or scan and print the available updates.",
        "Scans use the local package metadata only; the metadata is refreshed (apt-get update, dnf makecache) only when the server's "
                + "plan asks for it and --refresh allows it. Installing is a signed task of the built-in interpreter 'patch', "
                + "which the device must allow at enrollment (--interpreters ...,patch)."})
final class PatchingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config-dir", description = "Directory with the enrollment.")
    Path configDir;

    @Option(names = "--refresh", description = "Whether the agent may refresh the package metadata when the server's plan asks: allow or deny "
            + "(default allow).")
    String refresh;

    @Option(names = "--apt-option", description = "An apt option KEY=VALUE (repeatable), given as -o to every apt program the agent runs "
            + "(scans and installs); replaces the stored list.")
    List<String> aptOptions;

    @Option(names = "--apt-config", description = "An apt configuration file for the agent's apt programs (APT_CONFIG); 'none' removes it.")
    String aptConfig;

    @Option(names = "--scan", description = "Scan now and print the updates (nothing is sent, the metadata is not refreshed).")
    boolean scan;

    @Override
    public Integer call() {
        Path dir = ConfigDirectory.resolve(configDir);
        PrintWriter out = spec.commandLine().getOut();
        PatchSettings settings;
        try {
            settings = PatchSettings.load(dir);
            if (refresh != null || aptOptions != null || aptConfig != null) {
                if (refresh != null && !refresh.equals("allow") && !refresh.equals("deny")) {
                    throw new IllegalArgumentException("--refresh is allow or deny");
                }
                settings = new PatchSettings(refresh == null ? settings.refreshAllowed() : refresh.equals("allow"),
                        aptOptions == null ? settings.aptOptions() : new ArrayList<>(aptOptions),
                        aptConfig == null ? settings.aptConfig() : aptConfig.equals("none") ? Optional.empty() : Optional.of(Path.of(aptConfig)));
                settings.store(dir);
            }
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        out.println("patching: " + settings.describe());
        if (!scan) {
            return 0;
        }
        Optional<PatchScanner> scanner = PatchScanner.forThisMachine(settings, Clock.systemUTC());
        if (scanner.isEmpty()) {
            spec.commandLine().getErr().println("no package manager the agent knows (apt, dnf, Windows Update) on this machine");
            return 1;
        }
        PatchMessages.Scan s = scanner.get().scan(false);
        if (s.error() != null) {
            spec.commandLine().getErr().println("scan failed: " + s.error());
            return 1;
        }
        for (PatchMessages.Update u : s.updates()) {
            out.println(u.name() + (u.arch().isEmpty() ? "" : ":" + u.arch()) + " " + u.installedVersion() + " -> " + u.candidateVersion()
                    + " security=" + u.security() + (u.severity().isEmpty() ? "" : " severity=" + u.severity())
                    + (u.cves().isEmpty() ? "" : " " + String.join(",", u.cves())) + (u.held() ? " held" : "") + " (" + u.origin() + ")");
        }
        out.println(s.manager() + ": " + s.updates().size() + " updates; reboot " + (s.rebootRequired() ? "required" : "not required")
                + "; cost " + s.cost().wallMillis() + " ms wall, " + s.cost().cpuMillis() + " ms CPU, " + s.cost().maxRssKib() + " KiB peak RSS");
        return 0;
    }
}
