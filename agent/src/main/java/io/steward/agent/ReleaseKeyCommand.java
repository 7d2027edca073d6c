package io.steward.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.steward.agent.config.AtomicFiles;
import io.steward.agent.config.ConfigDirectory;
import io.steward.agent.update.Updater;
import io.steward.protocol.DeviceKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Pins the release key on a device enrolled without one (or shows the pinned one), so that it can take signed agent
 * updates without enrolling again. Run by whoever administers the device, never by the server: the server has no way
 * to choose the key an agent trusts for its own code. Replacing a pinned key needs {@code --replace}.
 */
@Command(name = "release-key", mixinStandardHelpOptions = true, description = {
        "Show the release key this device trusts for agent updates, or pin one (base64 Ed25519 public key, as the install page shows it).",
        "The server never sets it. A device enrolled without --release-key takes no update until one is pinned here."})
final class ReleaseKeyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--config-dir", description = "Directory with the enrollment.")
    Path configDir;

    @CommandLine.Option(names = "--replace", description = "Replace a key pinned before.")
    boolean replace;

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "The release key to pin; without it, the pinned key is shown.")
    String key;

    @Override
    public Integer call() {
        Path file = ConfigDirectory.resolve(configDir).resolve(Updater.RELEASE_KEY_FILE);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String pinned = Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : "";
            if (key == null) {
                out.println(pinned.isEmpty() ? "no release key pinned: this device takes no agent update" : pinned);
                return 0;
            }
            String next = key.strip();
            try {
                DeviceKeys.decodePublic(next);
            } catch (IllegalArgumentException e) {
                err.println("not an Ed25519 public key (base64): nothing pinned");
                return 2;
            }
            if (next.equals(pinned)) {
                out.println("already pinned");
                return 0;
            }
            if (!pinned.isEmpty() && !replace) {
                err.println("another release key is pinned; add --replace to replace it");
                return 1;
            }
            AtomicFiles.write(file, (next + "\n").getBytes(StandardCharsets.US_ASCII));
            out.println("release key pinned; the running agent uses it from its next start");
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
