package io.steward.agent.backup;

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
import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.backup.BackupMessages;
import io.steward.protocol.backup.RestoreTest;
import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.TaskMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore test end to end on the agent: a real restic repository, the agent's backup report posted signed through the
 * outbox, signed orders of the built-in {@code restore-test} interpreter polled and run by the task loop (one for the
 * local job, one naming a job the device does not have), their results reported with the one result line, and a fresh
 * backup report after the test.
 */
class RestoreTestOrderTest {
    @TempDir
    Path tmp;

    @Test
    void aSignedRestoreTestRunsThroughTheTaskLoopAndReportsItsResultLine() throws Exception {
        BackupWorld world = new BackupWorld(Files.createDirectories(tmp.resolve("world")));
        Path repo = world.resticRepo("restic-repo");
        world.resticBackup(repo);
        Path configDir = Files.createDirectories(tmp.resolve("agent"));
        KeyPair signer = DeviceKeys.generate();
        KeyPair device = DeviceKeys.generate();
        UUID deviceId = UUID.randomUUID();
        UUID clientId = UUID.randomUUID();
        new TaskSettings(Optional.of(clientId.toString()), Optional.of(DeviceKeys.encodePublic(signer.getPublic())),
                new TaskPolicy(TaskPolicy.Mode.STANDARD, Set.of("restore-test"), 3600, Set.of())).store(configDir);
        Instant now = Instant.now();
        DeviceOrder test = order(deviceId, clientId, "nightly", now);
        DeviceOrder unknown = order(deviceId, clientId, "weekly", now);
        List<TaskMessages.Report> reports = new CopyOnWriteArrayList<>();
        List<BackupMessages.Report> posted = new CopyOnWriteArrayList<>();
        List<Boolean> signedBy = new CopyOnWriteArrayList<>();
        AtomicBoolean delivered = new AtomicBoolean();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(TaskMessages.POLL_PATH, ex -> {
            ex.getRequestBody().readAllBytes();
            List<TaskMessages.Delivery> tasks = List.of();
            if (!delivered.getAndSet(true)) {
                tasks = List.of(new TaskMessages.Delivery(SignedOrder.of(test, signer.getPrivate()), RestoreTest.BODY, Map.of()),
                        new TaskMessages.Delivery(SignedOrder.of(unknown, signer.getPrivate()), RestoreTest.BODY, Map.of()));
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
        http.createContext(BackupMessages.REPORT_PATH, ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            // Signed with the device key like every agent request: the server checks exactly this.
            String canonical = AgentProtocol.canonicalRequest("POST", BackupMessages.REPORT_PATH,
                    Long.parseLong(ex.getRequestHeaders().getFirst(AgentProtocol.TIMESTAMP_HEADER)), body);
            signedBy.add(deviceId.toString().equals(ex.getRequestHeaders().getFirst(AgentProtocol.DEVICE_HEADER))
                    && DeviceKeys.verify(device.getPublic(), canonical, ex.getRequestHeaders().getFirst(AgentProtocol.SIGNATURE_HEADER)));
            BackupMessages.Report r = AgentJson.read(body, BackupMessages.Report.class);
            posted.add(r);
            respond(ex, AgentJson.write(new BackupMessages.ReportResponse(r.seq(), true, null)));
        });
        http.start();
        TaskLoop loop = null;
        try {
            Clock clock = Clock.systemUTC();
            AgentHttp agentHttp = new AgentHttp(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), Optional.empty(), clock);
            SequenceFile sequence = new SequenceFile(configDir);
            Outbox outbox = new Outbox(agentHttp, deviceId.toString(), device.getPrivate(),
                    new Spool(configDir.resolve("spool"), 1 << 20, Duration.ofDays(1), clock), sequence, new Backoff(new SplittableRandom(3)), clock);
            BackupAgent agent = new BackupAgent(world.reader(world.job("nightly", BackupMessages.TOOL_RESTIC, repo, 24)),
                    report -> outbox.submit(Outbox.BACKUP, seq -> BackupReader.numbered(report, seq)));
            BackupMessages.Report first = agent.reportNow();
            assertThat(posted).singleElement().satisfies(r -> {
                assertThat(r.seq()).isPositive();
                assertThat(r.jobs()).isEqualTo(first.jobs());
                assertThat(r.jobs()).singleElement().satisfies(j -> {
                    assertThat(j.lastResult()).isEqualTo(BackupMessages.RESULT_SUCCESS);
                    assertThat(j.restorePoints()).isEqualTo(1);
                });
            });

            loop = new TaskLoop(agentHttp, deviceId.toString(), device.getPrivate(), sequence, configDir, clock,
                    new ScriptRunner(tmp.resolve("work"), "root"), null, new RestoreTester(agent.reader(), agent::reportNow, new SplittableRandom(5)),
                    System.getProperty("user.name"));
            loop.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (finals(reports).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            if (loop != null) {
                loop.stop();
            }
            http.stop(0);
        }
        List<TaskMessages.Report> done = finals(reports);
        assertThat(done).hasSize(2);
        TaskMessages.Report passed = done.stream().filter(r -> r.taskId().equals(test.taskId().toString())).findFirst().orElseThrow();
        assertThat(passed.state()).as(passed.reason() + "\n" + passed.stderrTail()).isEqualTo("SUCCEEDED");
        assertThat(passed.exitCode()).isZero();
        RestoreTest.Result result = RestoreTest.parse(passed.stdoutTail()).orElseThrow();
        assertThat(result.job()).isEqualTo("nightly");
        assertThat(result.files()).isEqualTo(3);
        assertThat(result.verified()).isEqualTo(3);
        assertThat(result.failed()).isZero();
        assertThat(result.millis()).isPositive().isLessThanOrEqualTo(passed.durationMs());
        assertThat(result.pointAt()).isEqualTo(posted.get(0).jobs().get(0).newestRestorePointAt());
        assertThat(passed.stdoutTail().lines().filter(l -> l.startsWith(RestoreTest.RESULT_PREFIX))).hasSize(1);
        assertThat(passed.stderrTail()).contains("verified against the source: " + world.source);

        TaskMessages.Report refused = done.stream().filter(r -> r.taskId().equals(unknown.taskId().toString())).findFirst().orElseThrow();
        assertThat(refused.state()).isEqualTo("FAILED");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.reason()).isEqualTo("no local backup job named weekly (backup.properties)");
        assertThat(RestoreTest.parse(refused.stdoutTail()).orElseThrow().passed()).isFalse();
        // A fresh report followed the test that ran (the unknown job ran nothing, so no report for it).
        assertThat(posted).hasSize(2);
        assertThat(posted.get(1).seq()).isGreaterThan(posted.get(0).seq());
        assertThat(signedBy).containsExactly(true, true);
        try (var s = Files.list(world.root)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("steward-restore-"));
        }
    }

    static DeviceOrder order(UUID device, UUID client, String job, Instant now) {
        byte[] nonce = new byte[16];
        new java.security.SecureRandom().nextBytes(nonce);
        return new DeviceOrder(UUID.randomUUID(), device, client, "ab".repeat(32), CanonicalText.sha256Hex(RestoreTest.BODY.getBytes(StandardCharsets.UTF_8)),
                RestoreTest.INTERPRETER, "", 600, 65536, List.of(), List.of(RestoreTest.JOB + "=" + job, RestoreTest.SAMPLE + "=3"), List.of(),
                HexFormat.of().formatHex(nonce), now.minusSeconds(10), now.plusSeconds(900), UUID.randomUUID());
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
