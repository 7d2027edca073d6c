package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import io.steward.server.support.TestStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol v2 against the real server: one WebSocket per agent, signed in once with the device key over the server's
 * challenge, batches acknowledged after their commit and stored once; and the attacks on it (no hello, a hello signed
 * by another key or for another device, a hello replayed from another connection, retired and pending devices,
 * malformed, oversized and text frames), each refused with nothing stored.
 */
class AgentStreamTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    JdbcClient jdbc;

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void aSignedInAgentsBatchesAreStoredOnceAndAnsweredAfterTheirCommit() {
        Http api = adminApi();
        String client = OwnData.client(api, "Stream");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "stream-" + UUID.randomUUID().toString().substring(0, 8));
        TestStream stream = TestStream.signedIn(base(), agent);
        stream.send(new StreamFrame.Declare(List.of(new StreamFrame.SeriesDef(0, "cpu.usage", "", "pct"),
                new StreamFrame.SeriesDef(1, "fs.used", "/var", "pct"))));
        long now = System.currentTimeMillis();
        StreamFrame.Batch batch = new StreamFrame.Batch(1, now - 2_000, new int[] {0, 1, 0, 7}, new double[] {12.5, 40, Double.NaN, 3},
                new int[] {0, 0, 1_000, 0});
        stream.send(batch);
        StreamFrame.Ack ack = (StreamFrame.Ack) stream.next();
        assertThat(ack.seq()).isEqualTo(1);
        assertThat(ack.accepted()).isEqualTo(2);
        assertThat(ack.alreadyStored()).isFalse();
        assertThat(ack.rejected()).containsOnlyKeys(2, 3);
        assertThat(ack.rejected().get(2)).contains("finite");
        assertThat(ack.rejected().get(3)).contains("series 7 was not declared");

        // A resend (the agent did not hear the answer) is answered as stored before, and stores nothing.
        stream.send(batch);
        StreamFrame.Ack again = (StreamFrame.Ack) stream.next();
        assertThat(again.seq()).isEqualTo(1);
        assertThat(again.alreadyStored()).isTrue();
        // The same (device, seq) over protocol v1 too: both channels share the device's sequence numbers.
        HttpResponse<String> v1 = agent.post(AgentProtocol.METRICS_PATH,
                "{\"seq\":1,\"samples\":[{\"metric\":\"cpu.usage\",\"instance\":\"\",\"value\":99,\"unit\":\"pct\",\"at\":" + now + "}]}", Instant.now());
        assertThat(v1.statusCode()).as(v1.body()).isEqualTo(200);
        assertThat(v1.headers().firstValue("Steward-Already-Stored")).hasValue("true");

        // Batches in flight together are each answered once, by seq, whatever the order of their commits.
        for (long seq = 2; seq <= 21; seq++) {
            stream.send(new StreamFrame.Batch(seq, now, new int[] {0, 1}, new double[] {seq, 50}, new int[] {0, 0}));
        }
        Map<Long, StreamFrame> answers = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            StreamFrame f = stream.next();
            answers.put(f instanceof StreamFrame.Ack a ? a.seq() : -1L, f);
        }
        assertThat(answers).hasSize(20).doesNotContainKey(-1L);
        assertThat(answers.values()).allSatisfy(f -> assertThat(((StreamFrame.Ack) f).accepted()).isEqualTo(2));
        assertThat(metricMessages(agent)).isEqualTo(21);

        // The API's series has every stored sample once: 1 from the first batch and 20 from the pipelined ones.
        JsonNode cpu = JSON.readTree(api.getJson("/api/v1/devices/" + agent.deviceId + "/metrics/series?metric=cpu.usage").body());
        long count = 0;
        double max = 0;
        for (JsonNode p : cpu.path("points")) {
            count += p.path("count").asLong();
            max = Math.max(max, p.path("max").asDouble());
        }
        assertThat(count).isEqualTo(21);
        assertThat(max).isEqualTo(21.0);
        assertThat(cpu.path("unit").asString()).isEqualTo("pct");
        stream.close();
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void strangersAreRefusedAndNothingIsStored() {
        Http api = adminApi();
        String client = OwnData.client(api, "Stream attacks");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "stream-a-" + UUID.randomUUID().toString().substring(0, 8));
        TestAgent other = OwnData.approvedDevice(api, port, client, "stream-b-" + UUID.randomUUID().toString().substring(0, 8));
        StreamFrame.Batch batch = new StreamFrame.Batch(1, System.currentTimeMillis(), new int[] {0}, new double[] {1}, new int[] {0});

        // A batch before any hello.
        TestStream s = TestStream.open(base());
        s.next();
        s.send(batch);
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_UNAUTHENTICATED);

        // A hello for the device signed by a key that is not its own.
        s = TestStream.open(base());
        StreamFrame.Challenge c = (StreamFrame.Challenge) s.next();
        var stranger = DeviceKeys.generate();
        s.send(new StreamFrame.Hello(agent.deviceId, DeviceKeys.sign(stranger.getPrivate(), StreamProtocol.helloText(agent.deviceId, c.nonce())), "x"));
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_UNAUTHENTICATED);

        // Another device's id with this device's own key.
        s = TestStream.open(base());
        c = (StreamFrame.Challenge) s.next();
        s.send(new StreamFrame.Hello(other.deviceId, DeviceKeys.sign(agent.keys.getPrivate(), StreamProtocol.helloText(other.deviceId, c.nonce())), "x"));
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_UNAUTHENTICATED);

        // A device nobody enrolled, and a malformed id.
        s = TestStream.open(base());
        c = (StreamFrame.Challenge) s.next();
        String nobody = UUID.randomUUID().toString();
        s.send(new StreamFrame.Hello(nobody, DeviceKeys.sign(stranger.getPrivate(), StreamProtocol.helloText(nobody, c.nonce())), "x"));
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_UNAUTHENTICATED);
        s = TestStream.open(base());
        s.next();
        s.send(new StreamFrame.Hello("../../etc", "AAAA", "x"));
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_UNAUTHENTICATED);

        // A valid hello replayed on another connection: it signs the first connection's challenge, not this one's.
        TestStream first = TestStream.open(base());
        StreamFrame.Hello recorded = TestStream.hello(agent, (StreamFrame.Challenge) first.next());
        first.send(recorded);
        assertThat(first.next()).isInstanceOf(StreamFrame.Welcome.class);
        s = TestStream.open(base());
        s.next();
        s.send(recorded);
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_UNAUTHENTICATED);
        first.close();

        // Malformed, oversized and text frames on a signed-in connection end it.
        s = TestStream.signedIn(base(), agent);
        s.sendRaw(new byte[] {(byte) 0xa1, 0x61, 0x74, 0x65, 0x62, 0x61, 0x74, 0x63});
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_MALFORMED);
        s = TestStream.signedIn(base(), agent);
        s.sendRaw(new byte[StreamProtocol.MAX_FRAME_BYTES + 1]);
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_TOO_BIG);
        s = TestStream.signedIn(base(), agent);
        s.sendText("{\"t\":\"batch\"}");
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_MALFORMED);
        // A series id redeclared as another series.
        s = TestStream.signedIn(base(), agent);
        s.send(new StreamFrame.Declare(List.of(new StreamFrame.SeriesDef(0, "cpu.usage", "", "pct"))));
        s.send(new StreamFrame.Declare(List.of(new StreamFrame.SeriesDef(0, "mem.used", "", "pct"))));
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_POLICY);

        // Not a WebSocket upgrade: told what the path is.
        HttpResponse<String> post = agent.post(StreamProtocol.PATH, "{\"seq\":1}", Instant.now());
        assertThat(post.statusCode()).isEqualTo(426);
        assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        assertThat(metricMessages(agent)).isZero();
        assertThat(metricMessages(other)).isZero();
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void retiredAndPendingDevicesAreRefusedAndARetiredDevicesConnectionEndsAtItsNextBatch() {
        Http api = adminApi();
        String client = OwnData.client(api, "Stream standing");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "stream-r-" + UUID.randomUUID().toString().substring(0, 8));
        TestStream s = TestStream.signedIn(base(), agent);
        s.send(new StreamFrame.Declare(List.of(new StreamFrame.SeriesDef(0, "cpu.usage", "", "pct"))));
        HttpResponse<String> retired = api.json("POST", "/api/v1/devices/" + agent.deviceId + "/retire", "{}");
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
        s.send(new StreamFrame.Batch(1, System.currentTimeMillis(), new int[] {0}, new double[] {1}, new int[] {0}));
        assertThat(s.closed(WAIT).code()).isEqualTo(StreamProtocol.CLOSE_FORBIDDEN);
        s = TestStream.open(base());
        s.send(TestStream.hello(agent, (StreamFrame.Challenge) s.next()));
        TestStream.Closed closed = s.closed(WAIT);
        assertThat(closed.code()).isEqualTo(StreamProtocol.CLOSE_FORBIDDEN);
        assertThat(closed.reason()).contains("retired");
        assertThat(metricMessages(agent)).isZero();

        // A device waiting for approval may not send metrics either.
        HttpResponse<String> token = api.json("POST", "/api/v1/clients/" + client + "/enrollment-tokens", "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":false}");
        TestAgent pending = new TestAgent(base());
        assertThat(pending.enroll(jsonString(token.body(), "token"), "stream-p-" + UUID.randomUUID().toString().substring(0, 8)).statusCode()).isEqualTo(201);
        s = TestStream.open(base());
        s.send(TestStream.hello(pending, (StreamFrame.Challenge) s.next()));
        closed = s.closed(WAIT);
        assertThat(closed.code()).isEqualTo(StreamProtocol.CLOSE_FORBIDDEN);
        assertThat(closed.reason()).contains("approval");
        OwnSeed.deleteClients(api, client);
    }

    private long metricMessages(TestAgent agent) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM agent_message WHERE device_id = ? AND kind = 'metrics'")
                .param(UUID.fromString(agent.deviceId)).query(Long.class).single());
    }
}
