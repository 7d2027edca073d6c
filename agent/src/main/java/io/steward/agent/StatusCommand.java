package io.steward.agent;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.steward.agent.config.AgentConfig;
import io.steward.agent.config.ConfigDirectory;
import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.config.TaskSettings;
import io.steward.agent.transport.Spool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shows the enrollment and the spool from disk alone, so it works while the server is down. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Print the enrollment state (no network).")
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config-dir", description = "Directory with the enrollment.")
    Path configDir;

    @Override
    public Integer call() {
        Path dir = ConfigDirectory.resolve(configDir);
        PrintWriter out = spec.commandLine().getOut();
        out.println("config dir:  " + dir);
        if (!AgentConfig.existsIn(dir)) {
            out.println("enrolled:    no");
            return 3;
        }
        AgentConfig config = AgentConfig.load(dir);
        out.println("enrolled:    yes");
        out.println("server:      " + config.server() + config.fingerprint().map(f -> " (pinned " + f + ")").orElse(""));
        out.println("device id:   " + config.deviceId());
        out.println("heartbeat:   " + config.heartbeatSeconds() + " s");
        out.println("device key:  " + (Files.isRegularFile(dir.resolve(PrivateKeyFile.FILE_NAME)) ? "present" : "MISSING"));
        out.println("last seq:    " + new SequenceFile(dir).last());
        TaskSettings tasks = TaskSettings.load(dir);
        out.println("client id:   " + tasks.clientId().orElse("unknown"));
        out.println("signer key:  " + tasks.signerKey().flatMap(k -> io.steward.agent.task.OrderVerifier.key(java.util.Optional.of(k)))
                .map(io.steward.protocol.task.TaskKeys::fingerprint).map(f -> "pinned " + f).orElse("none pinned (no task is accepted)"));
        out.println("tasks:       " + tasks.policy().describe());
        out.println("patching:    " + io.steward.agent.patch.PatchSettings.load(dir).describe());
        out.println("backup:      " + io.steward.agent.backup.BackupSettings.load(dir).describe());
        out.println("release key: " + io.steward.agent.update.Updater.pinnedKey(dir)
                .map(k -> "pinned " + java.util.HexFormat.ofDelimiter(":").formatHex(sha256(k.getEncoded()))).orElse("none pinned (no self-update)"));
        Path spoolDir = dir.resolve(RunCommand.SPOOL_DIR);
        if (Files.isDirectory(spoolDir)) {
            Spool spool = new Spool(spoolDir, Long.MAX_VALUE, java.time.Duration.ofDays(36500), Clock.systemUTC());
            out.println("spool:       " + spool.entries().size() + " batches, " + spool.totalBytes() + " bytes, " + spool.dropped() + " dropped");
        } else {
            out.println("spool:       empty");
        }
        return 0;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
