package io.steward.agent.patch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.config.TaskSettings;
import io.steward.agent.task.ScriptRunner;
import io.steward.agent.task.TaskLoop;
import io.steward.agent.task.TaskPolicy;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Outbox;
import io.steward.agent.transport.Spool;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.patch.PatchMessages;
import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.TaskMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real apt and dpkg, real packages, in a {@link PrivateAptWorld}: the agent scans (refreshing the private lists) and
 * finds the security update; a signed order of the {@code patch} interpreter, polled and run by the task loop, is
 * refused while it names a non-security update, then installs version 2 into the private root; the scan afterwards,
 * posted signed to the server, is clean. Needs root (dpkg installs) and apt-utils (.ci/run installs it).
 */
class RealAptTest {
    static final String SECURITY_PKG = PrivateAptWorld.SECURITY_PKG;
    static final String HELD_PKG = PrivateAptWorld.HELD_PKG;

    @TempDir
    Path tmp;
    PrivateAptWorld world;
    Path configDir;
    Path runDir;

    @BeforeEach
    void privateAptWorld() throws Exception {
        configDir = Files.createDirectories(tmp.resolve("agent"));
        world = PrivateAptWorld.build(tmp, configDir);
        runDir = world.runDir();
    }

    @Test
    void theAgentFindsTheSecurityUpdateAndASignedPatchOrderInstallsItIntoThePrivateRoot() throws Exception {
        List<PatchMessages.Scan> posted = new CopyOnWriteArrayList<>();
        List<TaskMessages.Report> reports = new CopyOnWriteArrayList<>();
        KeyPair signer = DeviceKeys.generate();
        KeyPair device = DeviceKeys.generate();
        UUID deviceId = UUID.randomUUID();
        UUID clientId = UUID.randomUUID();
        new TaskSettings(Optional.of(clientId.toString()), Optional.of(DeviceKeys.encodePublic(signer.getPublic())),
                new TaskPolicy(TaskPolicy.Mode.STANDARD, Set.of("patch"), 3600, Set.of())).store(configDir);
        Instant now = Instant.now();
        DeviceOrder mixed = order(deviceId, clientId, HELD_PKG + "=2 " + SECURITY_PKG + "=2", "never", now);
        DeviceOrder security = order(deviceId, clientId, SECURITY_PKG + "=2", "if-required", now);
        // Approved by people, but held on the device: apt refuses to change a held package, and the agent reports it failed.
        DeviceOrder heldApproved = order(deviceId, clientId, HELD_PKG + "=2", "never", now, "approved");
        AtomicBoolean delivered = new AtomicBoolean();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(TaskMessages.POLL_PATH, ex -> {
            ex.getRequestBody().readAllBytes();
            List<TaskMessages.Delivery> tasks = List.of();
            if (!delivered.getAndSet(true)) {
                tasks = List.of(new TaskMessages.Delivery(SignedOrder.of(mixed, signer.getPrivate()), PatchInstall.BODY, Map.of()),
                        new TaskMessages.Delivery(SignedOrder.of(security, signer.getPrivate()), PatchInstall.BODY, Map.of()),
                        new TaskMessages.Delivery(SignedOrder.of(heldApproved, signer.getPrivate()), PatchInstall.BODY, Map.of()));
            } else {
                pause();
            }
            respond(ex, AgentJson.write(new TaskMessages.PollResponse(Instant.now().getEpochSecond(), tasks, List.of(), List.of())));
        });
        http.createContext(TaskMessages.REPORT_PATH, ex -> {
            reports.add(AgentJson.read(ex.getRequestBody().readAllBytes(), TaskMessages.Report.class));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.createContext(PatchMessages.SCAN_PATH, ex -> {
            PatchMessages.Scan scan = AgentJson.read(ex.getRequestBody().readAllBytes(), PatchMessages.Scan.class);
            posted.add(scan);
            respond(ex, AgentJson.write(new PatchMessages.ScanResponse(scan.seq(), true, null)));
        });
        http.start();
        List<String> reboots = new CopyOnWriteArrayList<>();
        TaskLoop loop = null;
        try {
            Clock clock = Clock.systemUTC();
            AgentHttp agentHttp = new AgentHttp(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), Optional.empty(), clock);
            SequenceFile sequence = new SequenceFile(configDir);
            Outbox outbox = new Outbox(agentHttp, deviceId.toString(), device.getPrivate(),
                    new Spool(configDir.resolve("spool"), 1 << 20, Duration.ofDays(1), clock), sequence, new Backoff(new SplittableRandom(3)), clock);
            PatchScanner scanner = world.scanner(clock);
            PatchAgent agent = new PatchAgent(scanner, new PatchSchedule(world.settings().refreshAllowed(), new SplittableRandom(3)),
                    scan -> outbox.submit(Outbox.PATCHES, seq -> PatchScanner.numbered(scan, seq)), clock);

            // A scheduled scan that refreshes the (private) metadata first.
            PatchMessages.Scan first = agent.scanAndPost(true);
            assertThat(first.error()).isNull();
            assertThat(first.manager()).isEqualTo("apt");
            assertThat(first.metadataRefreshedAt()).isNotNull();
            assertThat(first.updates()).containsExactlyInAnyOrder(
                    new PatchMessages.Update(SECURITY_PKG, "all", "1", "2", "Debian-Security:stable-security", PatchMessages.SECURITY_YES, "", List.of(), false),
                    new PatchMessages.Update(HELD_PKG, "all", "1", "2", "Debian:stable", PatchMessages.SECURITY_NO, "", List.of(), true));
            assertThat(first.cost().wallMillis()).isPositive();
            assertThat(first.cost().cpuMillis()).isPositive();
            assertThat(first.cost().maxRssKib()).isPositive();
            assertThat(posted).singleElement().satisfies(s -> {
                assertThat(s.seq()).isPositive();
                assertThat(s.updates()).isEqualTo(first.updates());
            });

            Files.writeString(runDir.resolve("reboot-required"), "*** System restart required ***\n");
            Files.writeString(runDir.resolve("reboot-required.pkgs"), SECURITY_PKG + "\n");
            loop = new TaskLoop(agentHttp, deviceId.toString(), device.getPrivate(), sequence, configDir, clock,
                    new ScriptRunner(tmp.resolve("work"), "root"), new PatchInstaller(agent, (minutes, message) -> {
                        reboots.add(minutes + " " + message);
                        return null;
                    }), "root");
            loop.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (finals(reports).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            if (loop != null) {
                loop.stop();
            }
            http.stop(0);
        }
        List<TaskMessages.Report> done = finals(reports);
        assertThat(done).hasSize(3);
        TaskMessages.Report refused = done.stream().filter(r -> r.taskId().equals(mixed.taskId().toString())).findFirst().orElseThrow();
        assertThat(refused.state()).isEqualTo("FAILED");
        assertThat(refused.reason()).startsWith("refused");
        assertThat(refused.stdoutTail()).contains(PatchInstall.RESULT_PREFIX + HELD_PKG + "=2 refused not an available security update on this device",
                PatchInstall.RESULT_PREFIX + SECURITY_PKG + "=2 refused another package of this order is not an available security update");
        TaskMessages.Report installed = done.stream().filter(r -> r.taskId().equals(security.taskId().toString())).findFirst().orElseThrow();
        assertThat(installed.state()).as(installed.reason() + "\n" + installed.stdoutTail() + installed.stderrTail()).isEqualTo("SUCCEEDED");
        assertThat(installed.stdoutTail()).contains(PatchInstall.RESULT_PREFIX + SECURITY_PKG + "=2 installed", "steward-reboot: scheduled in 1 minutes");
        assertThat(reboots).singleElement().asString().startsWith("1 Steward: this computer restarts in 1 minutes");

        TaskMessages.Report heldReport = done.stream().filter(r -> r.taskId().equals(heldApproved.taskId().toString())).findFirst().orElseThrow();
        assertThat(heldReport.state()).isEqualTo("FAILED");
        assertThat(heldReport.reason()).isEqualTo("1 of 1 updates not installed");
        assertThat(heldReport.stdoutTail()).contains(PatchInstall.RESULT_PREFIX + HELD_PKG + "=2 failed ").contains("Held packages were changed");

        // Version 2 is in the private root, and the held package was left alone.
        assertThat(world.deployedVersion(SECURITY_PKG)).isEqualTo("2");
        assertThat(world.deployedVersion(HELD_PKG)).isEqualTo("1");
        // A rescan after each install was posted: no security update left, the reboot the package asked for pending.
        assertThat(posted).hasSize(3);
        PatchMessages.Scan last = posted.get(2);
        assertThat(last.error()).isNull();
        assertThat(last.updates()).extracting(PatchMessages.Update::name).containsExactly(HELD_PKG);
        assertThat(last.updates()).noneMatch(u -> PatchMessages.SECURITY_YES.equals(u.security()));
        assertThat(last.rebootRequired()).isTrue();
        assertThat(last.rebootPackages()).containsExactly(SECURITY_PKG);
        assertThat(last.seq()).isGreaterThan(posted.get(0).seq());
        // The machine's own dpkg database never heard of these packages.
        assertThat(PrivateAptWorld.knownToTheMachine(SECURITY_PKG)).isFalse();
    }

    DeviceOrder order(UUID device, UUID client, String packages, String reboot, Instant now) {
        return order(device, client, packages, reboot, now, "security");
    }

    DeviceOrder order(UUID device, UUID client, String packages, String reboot, Instant now, String scope) {
        byte[] nonce = new byte[16];
        new java.security.SecureRandom().nextBytes(nonce);
        return new DeviceOrder(UUID.randomUUID(), device, client, "ab".repeat(32), CanonicalText.sha256Hex(PatchInstall.BODY.getBytes(StandardCharsets.UTF_8)),
                PatchInstall.INTERPRETER, "", 600, 65536, List.of(),
                List.of(PatchInstall.PACKAGES + "=" + packages, PatchInstall.REBOOT + "=" + reboot, PatchInstall.REBOOT_WARNING + "=1",
                        PatchInstall.SCOPE + "=" + scope), List.of(), HexFormat.of().formatHex(nonce), now.minusSeconds(10), now.plusSeconds(900),
                UUID.randomUUID());
    }

    static List<TaskMessages.Report> finals(List<TaskMessages.Report> reports) {
        return reports.stream().filter(r -> !r.state().equals("RUNNING")).toList();
    }

    static void respond(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
