package io.steward.agent.task;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.config.TaskSettings;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.KeyRotation;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.TaskMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new signer key is taken only from a rotation the pinned key signed: a forged one is ignored, and after a real one
 * an order signed by the old key is refused (and reported so).
 */
class TaskLoopRotationTest {
    @TempDir
    Path dir;

    @Test
    void onlyARotationSignedByThePinnedKeyChangesIt() throws Exception {
        KeyPair old = DeviceKeys.generate();
        KeyPair next = DeviceKeys.generate();
        KeyPair attacker = DeviceKeys.generate();
        KeyPair device = DeviceKeys.generate();
        String deviceId = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        new TaskSettings(Optional.of(clientId), Optional.of(DeviceKeys.encodePublic(old.getPublic())),
                new TaskPolicy(TaskPolicy.Mode.ALL, Set.of("bash"), 60, Set.of())).store(dir);
        Instant now = Instant.now();
        DeviceOrder order = new DeviceOrder(UUID.randomUUID(), UUID.fromString(deviceId), UUID.fromString(clientId), "ab".repeat(32),
                CanonicalText.sha256Hex("true\n".getBytes()), "bash", "", 10, 1024, List.of(), List.of(), List.of(), HexFormat.of().formatHex(new byte[16]),
                now.minusSeconds(10), now.plusSeconds(600), null);
        TaskMessages.PollResponse answer = new TaskMessages.PollResponse(now.getEpochSecond(),
                List.of(new TaskMessages.Delivery(SignedOrder.of(order, old.getPrivate()), "true\n", Map.of())), List.of(),
                List.of(KeyRotation.issue(attacker.getPrivate(), old.getPublic(), attacker.getPublic(), now),
                        KeyRotation.issue(old.getPrivate(), old.getPublic(), next.getPublic(), now)));
        List<TaskMessages.Report> reports = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(TaskMessages.POLL_PATH, ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = AgentJson.write(answer);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.createContext(TaskMessages.REPORT_PATH, ex -> {
            reports.add(AgentJson.read(ex.getRequestBody().readAllBytes(), TaskMessages.Report.class));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.start();
        try {
            TaskLoop loop = new TaskLoop(new AgentHttp(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), Optional.empty(), Clock.systemUTC()),
                    deviceId, device.getPrivate(), new SequenceFile(dir), dir, Clock.systemUTC(), new ScriptRunner(dir.resolve("work"), "me"), "me");
            loop.pollOnce();
        } finally {
            http.stop(0);
        }
        assertThat(TaskSettings.load(dir).signerKey()).contains(DeviceKeys.encodePublic(next.getPublic()));
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.taskId()).isEqualTo(order.taskId().toString());
            assertThat(r.state()).isEqualTo("REFUSED");
            assertThat(r.reason()).startsWith("bad signature");
        });
    }
}
