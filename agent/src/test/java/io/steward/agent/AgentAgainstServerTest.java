package io.steward.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.steward.agent.config.AgentConfig;
import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Delivery;
import io.steward.agent.transport.Outbox;
import io.steward.agent.transport.Spool;
import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class AgentAgainstServerTest {
    @TempDir
    Path dir;
    FakeServer server;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int cli(String... args) {
        CommandLine c = new CommandLine(new StewardAgent());
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        return c.execute(args);
    }

    private void enroll() {
        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString()))
                .as(err.toString()).isZero();
    }

    @Test
    void enrollsAndKeepsTheKeyOwnerOnly() throws Exception {
        enroll();
        assertThat(out.toString()).contains("enrolled as dev-1 (APPROVED)");
        Path key = dir.resolve(PrivateKeyFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        AgentConfig config = AgentConfig.load(dir);
        assertThat(config.deviceId()).isEqualTo("dev-1");
        assertThat(config.heartbeatSeconds()).isEqualTo(30);
        assertThat(config.server()).isEqualTo(server.uri());
        // the stored private key belongs to the public key the server got
        String probe = AgentProtocol.canonicalRequest("POST", "/x", 1, new byte[0]);
        assertThat(DeviceKeys.verify(server.devices.get("dev-1"), probe, DeviceKeys.sign(PrivateKeyFile.read(dir), probe))).isTrue();

        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("already enrolled").contains("--force");
        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString(), "--force")).isZero();
        assertThat(AgentConfig.load(dir).deviceId()).isEqualTo("dev-2");
    }

    @Test
    void aRefusedTokenWritesNothingAndSaysWhy() {
        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "stale", "--config-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("410").contains("expired");
        assertThat(dir.resolve(PrivateKeyFile.FILE_NAME)).doesNotExist();
        assertThat(AgentConfig.existsIn(dir)).isFalse();
    }

    @Test
    void runOnceSendsSignedHeartbeatInventoryAndMetrics() throws Exception {
        enroll();
        Files.writeString(dir.resolve("test-metrics.properties"), "disk.breach.C=99\n");
        assertThat(cli("run", "--once", "--config-dir", dir.toString())).as(err.toString()).isZero();
        assertThat(server.refusedSignatures).isEmpty();
        assertThat(server.at(AgentProtocol.HEARTBEAT_PATH)).hasSize(1);
        assertThat(server.at(AgentProtocol.INVENTORY_PATH)).hasSize(1);
        List<FakeServer.Received> metrics = server.at(AgentProtocol.METRICS_PATH);
        assertThat(metrics).hasSize(1);
        Messages.MetricBatch batch = AgentJson.read(metrics.getFirst().body(), Messages.MetricBatch.class);
        assertThat(batch.samples()).anySatisfy(s -> {
            assertThat(s.metric()).isEqualTo("disk.breach");
            assertThat(s.instance()).isEqualTo("C");
            assertThat(s.value()).isEqualTo(99.0);
        });
        assertThat(server.received).extracting(FakeServer.Received::seq).doesNotHaveDuplicates().isSorted();
        assertThat(new SequenceFile(dir).last()).isEqualTo(3);

        assertThat(cli("status", "--config-dir", dir.toString())).isZero();
        assertThat(out.toString()).contains("device id:   dev-1").contains("last seq:    3").contains("0 dropped");
    }

    @Test
    void runOnceAppliesTheMonitoringSettingsOfTheHeartbeatAnswerToItsMetrics() throws Exception {
        enroll();
        String health = server.uri() + "/health";
        String missing = server.uri() + "/missing";
        server.monitoring = new Messages.MonitoringConfig(30, 30, List.of("127.0.0.1"),
                List.of(new Messages.HttpCheck(health, 200), new Messages.HttpCheck(missing, 200)), List.of());
        assertThat(cli("run", "--once", "--config-dir", dir.toString())).as(err.toString()).isZero();
        Messages.MetricBatch batch = AgentJson.read(server.at(AgentProtocol.METRICS_PATH).getFirst().body(), Messages.MetricBatch.class);
        assertThat(batch.samples()).filteredOn(s -> s.metric().equals("http.up")).extracting(Messages.Sample::instance, Messages.Sample::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(health, 1.0), org.assertj.core.groups.Tuple.tuple(missing, 0.0));
        assertThat(batch.samples()).anySatisfy(s -> {
            assertThat(s.metric()).isEqualTo("net.loss_pct");
            assertThat(s.instance()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void spoolsOn503ResendsAfterRetryAfterAndDropsOn400() throws Exception {
        enroll();
        AgentConfig config = AgentConfig.load(dir);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        Spool spool = new Spool(dir.resolve("spool"), Spool.DEFAULT_MAX_BYTES, Spool.DEFAULT_MAX_AGE, clock);
        Outbox outbox = new Outbox(new AgentHttp(config.server(), Optional.empty(), clock), config.deviceId(), PrivateKeyFile.read(dir),
                spool, new SequenceFile(dir), new Backoff(new SplittableRandom(1)), clock);
        List<Messages.Sample> samples = List.of(new Messages.Sample("cpu.utilization", "", 12.5, "pct", 1L));

        assertThat(outbox.submit(Outbox.METRICS, seq -> new Messages.MetricBatch(seq, samples)).allDelivered()).isTrue();

        server.metricsScript.add(new FakeServer.Scripted(503, "20"));
        Outbox.FlushResult failed = outbox.submit(Outbox.METRICS, seq -> new Messages.MetricBatch(seq, samples));
        assertThat(failed.remaining()).isEqualTo(1);
        assertThat(failed.problem()).contains("server answered 503");
        assertThat(spool.entries()).hasSize(1);
        // Retry-After (20 s) is longer than the first backoff step (2.5–5 s), so it wins.
        assertThat(outbox.notBefore()).isEqualTo(now.get().plusSeconds(20));

        now.set(now.get().plusSeconds(10));
        int before = server.received.size();
        assertThat(outbox.flush().remaining()).isEqualTo(1);
        assertThat(server.received).hasSize(before); // nothing sent while backing off

        now.set(now.get().plusSeconds(11));
        Outbox.FlushResult resent = outbox.flush();
        assertThat(resent.delivered()).isEqualTo(1);
        assertThat(spool.entries()).isEmpty();
        assertThat(server.at(AgentProtocol.METRICS_PATH)).hasSize(2);

        server.metricsScript.add(new FakeServer.Scripted(400, null));
        Outbox.FlushResult refused = outbox.submit(Outbox.METRICS, seq -> new Messages.MetricBatch(seq, samples));
        assertThat(refused.refused()).isEqualTo(1);
        assertThat(refused.problem()).hasValueSatisfying(p -> assertThat(p).contains("400"));
        assertThat(spool.entries()).isEmpty();
        assertThat(spool.dropped()).isEqualTo(1);

        assertThat(outbox.heartbeat()).isInstanceOf(Delivery.Delivered.class);
        Messages.Heartbeat hb = AgentJson.read(server.at(AgentProtocol.HEARTBEAT_PATH).getLast().body(), Messages.Heartbeat.class);
        assertThat(hb.dropped()).isEqualTo(1);
        assertThat(spool.dropped()).isZero();
        assertThat(server.refusedSignatures).isEmpty();
    }

    @Test
    void aBatchTheServerAlreadyHasCountsAsDeliveredAndAForeignKeyIsRefused() throws Exception {
        enroll();
        AgentConfig config = AgentConfig.load(dir);
        AgentHttp http = new AgentHttp(config.server(), Optional.empty(), Clock.systemUTC());
        byte[] body = AgentJson.write(new Messages.MetricBatch(77, List.of()));
        assertThat(http.post(AgentProtocol.METRICS_PATH, body, config.deviceId(), PrivateKeyFile.read(dir))).isInstanceOf(Delivery.Delivered.class);
        Delivery again = http.post(AgentProtocol.METRICS_PATH, body, config.deviceId(), PrivateKeyFile.read(dir));
        assertThat(again).isInstanceOfSatisfying(Delivery.Delivered.class, d -> assertThat(d.status()).isEqualTo(409));

        Delivery forged = http.post(AgentProtocol.METRICS_PATH, body, config.deviceId(), DeviceKeys.generate().getPrivate());
        assertThat(forged).isInstanceOfSatisfying(Delivery.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        assertThat(server.refusedSignatures).containsExactly(AgentProtocol.METRICS_PATH);
    }

    @Test
    void runOnceFailsWithOneLineWhenTheServerIsGone() {
        enroll();
        server.close();
        assertThat(cli("run", "--once", "--config-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("heartbeat failed: cannot reach").doesNotContain("\n");
    }

    @Test
    void runRefusesWithoutEnrollment() {
        assertThat(cli("run", "--once", "--config-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("not enrolled");
    }
}
