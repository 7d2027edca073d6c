package io.steward.agent.patch;

import java.util.List;
import java.util.Map;

import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.patch.PatchMessages;

/** One package manager as the agent uses it: refresh its metadata, list the available updates, install exact versions. */
public interface PackageManager {
    /** {@code apt}, {@code dnf} or {@code windows-update}, as in {@link PatchMessages.Scan#manager()}. */
    String name();

    /** Refreshes the package metadata from the configured repositories (the only step that goes to the network). */
    Commands.Output refresh(Commands commands);

    /** The available updates from the local metadata; IllegalStateException with the reason when the manager fails. */
    Found scan(Commands commands);

    /** Installs exactly these versions (no shell); the caller checks the outcome per package with {@link #installed}. */
    Commands.Output install(Commands commands, List<PatchInstall.Package> packages);

    /** The installed version of each named package ("" when it is not installed or the manager cannot tell). */
    Map<String, String> installed(Commands commands, List<String> names);

    /** What a scan found; {@code metadataRefreshedAt} null when unknown. */
    record Found(List<PatchMessages.Update> updates, boolean rebootRequired, List<String> rebootPackages, Long metadataRefreshedAt) {
    }
}
