package io.steward.server.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskService;
import io.steward.server.devices.DeviceService;
import io.steward.server.devices.DevicesProperties;
import io.steward.server.platform.TlsIdentity;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one demo device that really runs scripts: the built agent jar ({@code steward.devices.agent-jar}) as a child
 * process on this machine, enrolled once under {@code $STEWARD_HOME/demo-agent} with a fresh enrollment token of a demo
 * client, the server's certificate pinned, and a local policy of standard scripts only, in bash or sh. The simulated
 * demo devices cannot run anything; this one shows a standard change at work, on the evaluator's own machine, which
 * is why only the read-only standard script is ever run on it. On first start the demo runs that script on it once, so
 * a finished task with its real output is there a few seconds later. Stopped with the server; without the jar the demo
 * says so and carries on.
 */
@Component
class DemoTaskAgent implements SmartLifecycle {
    static final String DIR = "demo-agent";
    private static final Logger log = LoggerFactory.getLogger(DemoTaskAgent.class);

    private final DevicesProperties devicesProperties;
    private final io.steward.server.devices.TaskSignerKey signerKey;
    private final DeviceService devices;
    private final TaskService tasks;
    private final TlsIdentity tls;
    private final Clock clock;
    private Process process;
    private Thread starter;
    private volatile boolean stopped;

    DemoTaskAgent(DevicesProperties devicesProperties, DeviceService devices, TaskService tasks, TlsIdentity tls, Clock clock,
                  io.steward.server.devices.TaskSignerKey signerKey) {
        this.signerKey = signerKey;
        this.devicesProperties = devicesProperties;
        this.devices = devices;
        this.tasks = tasks;
        this.tls = tls;
        this.clock = clock;
    }

    /**
     * Starts the agent in the background (enrolling it first when {@code client} is given and it is not enrolled yet),
     * then, when {@code standardVersion} is given, runs that standard script on it as {@code requester}.
     */
    synchronized void start(Path home, ClientId client, Viewer requester, Optional<UUID> standardVersion) {
        Path jar = Path.of(devicesProperties.agentJar()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            log.warn("Demo: no agent jar at {} (build it: mvn -B -DskipTests package), so no demo device runs scripts", jar);
            return;
        }
        Path dir = home.resolve(DIR);
        starter = Thread.ofVirtual().name("demo-task-agent").start(() -> {
            try {
                run(jar, dir, client, requester, standardVersion);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                log.warn("Demo: the script-running demo agent could not start: {}", e.toString());
            }
        });
    }

    private void run(Path jar, Path dir, ClientId client, Viewer requester, Optional<UUID> standardVersion)
            throws IOException, InterruptedException {
        boolean enrolled = Files.isRegularFile(dir.resolve("agent.properties"));
        if (!enrolled) {
            if (client == null) {
                log.info("Demo: the script-running demo agent was never enrolled; it is enrolled on a first start only");
                return;
            }
            Optional<String> key = signerKey.publicKey();
            if (key.isEmpty()) {
                log.warn("Demo: the task signer's key is not known, so the script-running demo agent is not enrolled");
                return;
            }
            // The device pins the signer's key only against its fingerprint, as an install line carries it.
            String signerFingerprint = io.steward.protocol.task.TaskKeys.fingerprint(io.steward.protocol.DeviceKeys.decodePublic(key.get()));
            Files.createDirectories(dir);
            var token = TenantContext.callAsSystem(() -> devices.createToken(requester, client, null, "Demo agent on this machine",
                    Duration.ofHours(1), 1, true));
            List<String> enroll = command(jar, "enroll", "--server", "https://localhost:" + tls.port(), "--token", token.secret(),
                    "--fingerprint", tls.fingerprint(), "--config-dir", dir.toString(), "--tasks", "standard", "--interpreters", "bash,sh",
                    "--signer-fingerprint", signerFingerprint);
            Process p = new ProcessBuilder(enroll).redirectErrorStream(true).start();
            String out = read(p.getInputStream());
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("enrollment failed: " + out.strip());
            }
        }
        UUID device = deviceId(dir);
        synchronized (this) {
            if (stopped) {
                return;
            }
            process = new ProcessBuilder(command(jar, "run", "--config-dir", dir.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile())).start();
        }
        log.info("Demo: a real agent runs on this machine as device {} (standard scripts only, bash and sh); its log is {}", device,
                dir.resolve("agent.log"));
        if (!enrolled && standardVersion.isPresent()) {
            TaskDraft draft = new TaskDraft(client, standardVersion.get(), Map.of(), "DEVICES", List.of(device), null, "now", null,
                    clock.instant().plus(Duration.ofHours(1)), null, null, null, null);
            TaskService.ApprovalOutcome outcome = TenantContext.callAsSystem(() -> tasks.runStandard(requester, draft));
            if (outcome.refused()) {
                log.warn("Demo: the signer refused the standard run: {}", outcome.refusal());
            } else {
                log.info("Demo: '{}' runs on the demo agent under its standard change (task {})", outcome.task().scriptName(), outcome.task().id());
            }
        }
    }

    static UUID deviceId(Path dir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("agent.properties"))) {
            p.load(in);
        }
        return UUID.fromString(p.getProperty("deviceId").strip());
    }

    private static List<String> command(Path jar, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Started by the demo seeder, not with the context. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public void start() {
    }

    /** Stops the agent (and anything it runs) before the web server stops. */
    @Override
    public synchronized void stop() {
        stopped = true;
        if (starter != null) {
            starter.interrupt();
            starter = null;
        }
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return starter != null;
    }
}
