package io.steward.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.steward.agent.config.AgentConfig;
import io.steward.agent.config.ConfigDirectory;
import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.TaskSettings;
import io.steward.agent.task.OrderVerifier;
import io.steward.agent.task.TaskPolicy;
import io.steward.protocol.task.TaskKeys;
import io.steward.agent.transport.AgentHttp;
import io.steward.protocol.PinnedCertificateTrust;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Exchanges an enrollment token for a device identity. The key pair is made here and the
 * private key never leaves the machine; nothing is written unless the server accepted the
 * enrollment, so a failed attempt leaves an earlier enrollment intact.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true, description = "Enroll this machine with a Steward server.")
final class EnrollCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", required = true, description = "Server URL, e.g. https://steward.example.com")
    URI server;

    @Option(names = "--token", required = true, description = "Enrollment token from the Steward web UI.")
    String token;

    @Option(names = "--fingerprint", description = "SHA-256 (hex) of the server certificate to pin for HTTPS.")
    String fingerprint;

    @Option(names = "--config-dir", description = "Where key and settings go (default /etc/steward-agent if writable, else ~/.steward-agent).")
    Path configDir;

    @Option(names = "--force", description = "Replace an existing enrollment.")
    boolean force;

    @Option(names = "--signer-fingerprint", description = "Fingerprint of the task signer's key (as the install page shows it); "
            + "enrollment fails unless the server's signer key has it. Required unless --tasks is off.")
    String signerFingerprint;

    @Option(names = "--release-key", description = "The release key (Ed25519 public key, base64, as the install page shows it) that "
            + "signs agent updates; without it this device takes no update from the server.")
    String releaseKey;

    @Option(names = "--tasks", defaultValue = "off", description = "Which signed tasks this device runs: off, standard (pre-approved "
            + "standard changes only) or all (default ${DEFAULT-VALUE}). Local: the server cannot change it.")
    String tasks;

    @Option(names = "--interpreters", defaultValue = "bash,sh,python,powershell", split = ",",
            description = "Interpreters tasks may use (default ${DEFAULT-VALUE}); add 'patch' to let signed orders install updates "
                    + "with the package manager (not allowed by default; needs the agent to run as root), 'restore-test' to let signed "
                    + "orders restore a sample of a backup job of backup.properties into a scratch directory (not allowed by default).")
    java.util.List<String> interpreters;

    @Option(names = "--max-timeout", defaultValue = "3600", description = "Longest task timeout in seconds this device accepts (default ${DEFAULT-VALUE}).")
    int maxTimeout;

    @Option(names = "--run-as", split = ",", description = "Users tasks may run as besides the agent's own (needs root; none by default).")
    java.util.List<String> runAs;

    @Override
    public Integer call() {
        Path dir = ConfigDirectory.resolve(configDir);
        if (AgentConfig.existsIn(dir) && !force) {
            spec.commandLine().getErr().println("already enrolled in " + dir + " as " + AgentConfig.load(dir).deviceId()
                    + "; use --force to replace that enrollment");
            return 2;
        }
        Optional<String> pin = Optional.ofNullable(fingerprint).map(String::strip).filter(s -> !s.isEmpty());
        pin.ifPresent(PinnedCertificateTrust::new); // refuses a malformed fingerprint before anything is sent
        TaskPolicy policy;
        try {
            policy = new TaskPolicy(TaskPolicy.Mode.parse(tasks), java.util.Set.copyOf(interpreters), maxTimeout,
                    runAs == null ? java.util.Set.of() : java.util.Set.copyOf(runAs));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        // Without it the agent would pin whatever key the server sends: a compromised server could hand out its own
        // and sign orders itself, which is what the signer exists to prevent.
        if (policy.mode() != TaskPolicy.Mode.OFF && (signerFingerprint == null || signerFingerprint.isBlank())) {
            spec.commandLine().getErr().println("--tasks " + tasks + " needs --signer-fingerprint (the task signer's key fingerprint, as the "
                    + "install page and the signer's page show it), so that this device pins the signer's key and not one the server "
                    + "chose: not enrolled");
            return 2;
        }
        Optional<String> release = Optional.ofNullable(releaseKey).map(String::strip).filter(s -> !s.isEmpty());
        try {
            release.ifPresent(DeviceKeys::decodePublic);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("--release-key is not an Ed25519 public key (base64): not enrolled");
            return 2;
        }
        KeyPair pair = DeviceKeys.generate();
        Messages.EnrollResponse answer;
        try {
            answer = new AgentHttp(server, pin, Clock.systemUTC()).enroll(new Messages.EnrollRequest(
                    token, DeviceKeys.encodePublic(pair.getPublic()), hostname(), osDescription(), StewardAgent.version()));
        } catch (AgentHttp.EnrollmentFailed | IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        Optional<String> signerKey = Optional.ofNullable(answer.signerKey()).filter(k -> OrderVerifier.key(Optional.of(k)).isPresent());
        if (signerFingerprint != null && !signerFingerprint.isBlank()) {
            String expected = normalize(signerFingerprint);
            String actual = signerKey.flatMap(k -> OrderVerifier.key(Optional.of(k))).map(TaskKeys::fingerprint).map(EnrollCommand::normalize).orElse("");
            if (!expected.equals(actual)) {
                spec.commandLine().getErr().println(signerKey.isEmpty() ? "the server sent no task signer key, but --signer-fingerprint asks for one"
                        : "the server's task signer key has another fingerprint than --signer-fingerprint: not enrolled");
                return 1;
            }
        }
        PrivateKeyFile.write(dir, pair.getPrivate());
        new TaskSettings(Optional.ofNullable(answer.clientId()), signerKey, policy).store(dir);
        Path nonces = dir.resolve(io.steward.agent.task.NonceStore.FILE_NAME);
        try {
            Files.deleteIfExists(nonces);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Pinned here and only here: the server never sends the release key, so it cannot choose it.
        Path releaseKeyFile = dir.resolve(io.steward.agent.update.Updater.RELEASE_KEY_FILE);
        try {
            if (release.isPresent()) {
                io.steward.agent.config.AtomicFiles.write(releaseKeyFile, (release.get() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } else {
                Files.deleteIfExists(releaseKeyFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new AgentConfig(server, answer.deviceId(), Math.max(1, answer.heartbeatSeconds()), pin).store(dir);
        clearSpool(dir.resolve(RunCommand.SPOOL_DIR));
        spec.commandLine().getOut().println("enrolled as " + answer.deviceId() + " (" + answer.status() + "); settings in " + dir);
        spec.commandLine().getOut().println("tasks: " + policy.describe()
                + signerKey.flatMap(k -> OrderVerifier.key(Optional.of(k))).map(k -> "; signer key " + TaskKeys.fingerprint(k)).orElse("; no signer key"));
        return 0;
    }

    /** Hex digits only, lower case: people paste fingerprints with or without colons. */
    static String normalize(String fingerprint) {
        return fingerprint.replaceAll("[^0-9A-Fa-f]", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Batches spooled under an earlier identity belong to that device, not to the new one. */
    private static void clearSpool(Path spool) {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the old spool " + spool, e);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
        }
    }

    private static String osDescription() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }
}
