package io.steward.agent.transport;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.agent.config.SequenceFile;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's side of protocol v2 against a real WebSocket server on loopback ({@link StreamTestServer}): the outbox
 * with its spool and sequence file, the stream link and v1 HTTP as the agent runs them, only with short timeouts and a
 * clock the test moves (back-offs and pings are read from it).
 */
class StreamLinkTest {
    private static final String DEVICE = "dev-7";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T10:00:00Z"));
    final KeyPair device = DeviceKeys.generate();
    StreamTestServer server;
    Spool spool;
    StreamLink link;
    Outbox outbox;

    @BeforeEach
    void start() throws Exception {
        server = new StreamTestServer(new ConcurrentHashMap<>(Map.of(DEVICE, device.getPublic())));
        AgentHttp http = new AgentHttp(server.uri(), Optional.empty(), clock);
        spool = new Spool(dir.resolve("spool"), 1 << 20, Duration.ofDays(7), clock);
        link = new StreamLink(http, DEVICE, device.getPrivate(), "test-agent", clock, new SplittableRandom(1),
                Duration.ofSeconds(2), Duration.ofSeconds(25));
        outbox = new Outbox(http, link, DEVICE, device.getPrivate(), spool, new SequenceFile(dir),
                new Backoff(new SplittableRandom(2)), clock);
    }

    @AfterEach
    void stop() throws Exception {
        link.close();
        server.close();
    }

    private List<Messages.Sample> samples(double base) {
        long at = clock.millis();
        return List.of(
                new Messages.Sample("cpu.usage", null, base, "pct", at),
                new Messages.Sample("disk.used", "/", base * 1000, "bytes", at + 5),
                new Messages.Sample("disk.used", "/var", base * 2000, "bytes", at + 7),
                new Messages.Sample("load.1m", "", base / 10, "load", at - 3));
    }

    private Outbox.FlushResult submit(List<Messages.Sample> samples) {
        return outbox.submit(Outbox.METRICS, seq -> new Messages.MetricBatch(seq, samples));
    }

    /** The samples of a batch as the server reads them: its series numbers resolved through what the connection declared. */
    private static List<Messages.Sample> asSamples(StreamTestServer.Conn conn, StreamFrame.Batch b) {
        Map<Integer, StreamFrame.SeriesDef> declared = conn.declared();
        List<Messages.Sample> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            StreamFrame.SeriesDef d = declared.get(b.series()[i]);
            out.add(new Messages.Sample(d.metric(), d.instance(), b.values()[i], d.unit(), b.baseAt() + b.offsets()[i]));
        }
        return out;
    }

    private static Messages.Sample v1Stored(Messages.Sample s) {
        return s.instance() == null ? new Messages.Sample(s.metric(), "", s.value(), s.unit(), s.at()) : s;
    }

    @Test
    void helloIsTheDevicesSignatureOverTheServersChallenge() {
        assertThat(submit(samples(1)).allDelivered()).isTrue();
        StreamTestServer.Conn conn = server.connections.getFirst();
        assertThat(conn.hello.deviceId()).isEqualTo(DEVICE);
        assertThat(conn.hello.agentVersion()).isEqualTo("test-agent");
        assertThat(DeviceKeys.verify(device.getPublic(), StreamProtocol.helloText(DEVICE, conn.nonce), conn.hello.signature())).isTrue();
        // The signature is over this connection's nonce and nothing else.
        byte[] other = conn.nonce.clone();
        other[0] ^= 1;
        assertThat(DeviceKeys.verify(device.getPublic(), StreamProtocol.helloText(DEVICE, other), conn.hello.signature())).isFalse();
    }

    @Test
    void batchesKeepTheirSeqAndCarryTheSpooledSamplesThroughSeriesDeclaredBeforeUse() {
        List<Messages.Sample> first = samples(1.5);
        List<Messages.Sample> second = new ArrayList<>(samples(2.5));
        second.add(new Messages.Sample("net.rx", "eth0", 12345.0, "bps", clock.millis() + 1));
        assertThat(submit(first).allDelivered()).isTrue();
        assertThat(submit(second).allDelivered()).isTrue();

        assertThat(server.connections).hasSize(1);
        StreamTestServer.Conn conn = server.connections.getFirst();
        List<StreamFrame.Batch> batches = conn.batches();
        assertThat(batches).extracting(StreamFrame.Batch::seq).containsExactly(1L, 2L);
        assertThat(asSamples(conn, batches.get(0))).containsExactlyElementsOf(first.stream().map(StreamLinkTest::v1Stored).toList());
        assertThat(asSamples(conn, batches.get(1))).containsExactlyElementsOf(second.stream().map(StreamLinkTest::v1Stored).toList());
        // Every id a batch uses was declared earlier on the connection, once: the second batch declares only the new series.
        Map<Integer, StreamFrame.SeriesDef> seen = new java.util.HashMap<>();
        for (StreamFrame f : conn.frames) {
            if (f instanceof StreamFrame.Declare d) {
                for (StreamFrame.SeriesDef s : d.series()) {
                    assertThat(seen.put(s.id(), s)).as("series %d declared once", s.id()).isNull();
                }
            } else if (f instanceof StreamFrame.Batch b) {
                for (int id : b.series()) {
                    assertThat(seen).as("series %d declared before batch %d", id, b.seq()).containsKey(id);
                }
            }
        }
        assertThat(conn.frames.stream().filter(f -> f instanceof StreamFrame.Declare).map(f -> ((StreamFrame.Declare) f).series().size()))
                .containsExactly(4, 1);
        assertThat(server.v1Metrics).isEmpty();
    }

    @Test
    void anAckEmptiesTheSpool() {
        Outbox.FlushResult r = submit(samples(3));
        assertThat(r.delivered()).isEqualTo(1);
        assertThat(spool.entries()).isEmpty();
        assertThat(spool.dropped()).isZero();
        assertThat(link.isUp()).isTrue();
    }

    @Test
    void busyKeepsTheBatchUntilTheServersRetryAfterThenResendsTheSameSeq() {
        server.script(new StreamTestServer.Busy(120));
        Outbox.FlushResult r = submit(samples(4));
        assertThat(r.remaining()).isEqualTo(1);
        assertThat(r.problem()).get().asString().contains("busy");
        assertThat(spool.entries()).extracting(Spool.Entry::seq).containsExactly(1L);
        // The computed back-off would be 2.5-5 s; the server asked for 120 s, which wins.
        assertThat(outbox.notBefore()).isEqualTo(clock.instant().plusSeconds(120));

        clock.advance(Duration.ofSeconds(119));
        assertThat(outbox.flush().delivered()).isZero();
        assertThat(server.connections.getFirst().batches()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(outbox.flush().allDelivered()).isTrue();
        assertThat(spool.entries()).isEmpty();
        assertThat(server.connections).hasSize(1);
        assertThat(server.connections.getFirst().batches()).extracting(StreamFrame.Batch::seq).containsExactly(1L, 1L);
    }

    @Test
    void refusedDropsTheBatchAndCountsItLikeV1() {
        server.script(new StreamTestServer.Refuse("every sample is from the future"));
        Outbox.FlushResult r = submit(samples(5));
        assertThat(r.refused()).isEqualTo(1);
        assertThat(r.problem()).get().asString().contains("every sample is from the future");
        assertThat(spool.entries()).isEmpty();
        assertThat(spool.dropped()).isEqualTo(1);
        assertThat(outbox.notBefore()).isEqualTo(Instant.MIN);
        // The connection stays: the next batch goes on it.
        assertThat(submit(samples(6)).allDelivered()).isTrue();
        assertThat(server.connections).hasSize(1);
    }

    @Test
    void aConnectionLostMidFlightKeepsTheBatchAndResendsItOnANewConnectionWithTheSameSeq() {
        server.script(new StreamTestServer.Drop());
        List<Messages.Sample> sent = samples(7);
        Outbox.FlushResult r = submit(sent);
        assertThat(r.remaining()).isEqualTo(1);
        assertThat(spool.entries()).extracting(Spool.Entry::seq).containsExactly(1L);
        assertThat(outbox.notBefore()).isAfter(clock.instant());

        clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.flush().allDelivered()).isTrue();
        assertThat(spool.entries()).isEmpty();
        assertThat(server.connections).hasSize(2);
        StreamTestServer.Conn second = server.connections.get(1);
        assertThat(second.helloVerified).isTrue();
        assertThat(second.batches()).extracting(StreamFrame.Batch::seq).containsExactly(1L);
        // Declared again on the new connection, and the same samples.
        assertThat(second.frames.getFirst()).isInstanceOf(StreamFrame.Declare.class);
        assertThat(asSamples(second, second.batches().getFirst())).containsExactlyElementsOf(sent.stream().map(StreamLinkTest::v1Stored).toList());
        assertThat(server.v1Metrics).isEmpty();
    }

    @Test
    void noAnswerInTimeKeepsTheBatchAndCutsTheConnection() throws Exception {
        server.script(new StreamTestServer.Silent());
        Outbox.FlushResult r = submit(samples(8));
        assertThat(r.remaining()).isEqualTo(1);
        assertThat(r.problem()).get().asString().contains("no answer");
        assertThat(link.isUp()).isFalse();
        awaitEnded(server.connections.getFirst());

        clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.flush().allDelivered()).isTrue();
        assertThat(server.connections.get(1).batches()).extracting(StreamFrame.Batch::seq).containsExactly(1L);
    }

    @Test
    void anOlderServersNotFoundSendsMetricsOverV1AndTheStreamIsTriedAgainMuchLater() {
        server.streamSupported = false;
        assertThat(submit(samples(9)).allDelivered()).isTrue();
        assertThat(server.upgrades.get()).isEqualTo(1);
        assertThat(server.v1Metrics).containsExactly(1L);
        assertThat(spool.entries()).isEmpty();

        // The next batches go straight over v1, without asking for the stream each time.
        clock.advance(Duration.ofMinutes(1));
        assertThat(submit(samples(10)).allDelivered()).isTrue();
        assertThat(server.upgrades.get()).isEqualTo(1);
        assertThat(server.v1Metrics).containsExactly(1L, 2L);

        // Once the server has been upgraded, the stream is picked up again after the rest (at most 10 minutes the first time).
        server.streamSupported = true;
        clock.advance(Duration.ofMinutes(10));
        assertThat(submit(samples(11)).allDelivered()).isTrue();
        assertThat(server.upgrades.get()).isEqualTo(2);
        assertThat(server.connections.getFirst().batches()).extracting(StreamFrame.Batch::seq).containsExactly(3L);
        assertThat(server.v1Metrics).containsExactly(1L, 2L);
    }

    @Test
    void aForbiddenCloseSendsMetricsOverV1AndDoesNotRetryTheStreamSoon() {
        server.onHello = new StreamTestServer.Close(StreamProtocol.CLOSE_FORBIDDEN, "device retired");
        assertThat(submit(samples(12)).allDelivered()).isTrue();
        assertThat(server.v1Metrics).containsExactly(1L);
        assertThat(server.connections).hasSize(1);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            submit(samples(13 + i));
        }
        assertThat(server.connections).as("no new attempt within 4 minutes").hasSize(1);
        assertThat(server.v1Metrics).hasSize(5);
    }

    @Test
    void aDeviceRetiredWhileConnectedHasItsBatchGoOverV1WhichDecidesAsBefore() {
        assertThat(submit(samples(17)).allDelivered()).isTrue();
        server.script(new StreamTestServer.Close(StreamProtocol.CLOSE_FORBIDDEN, "device retired"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(submit(samples(18)).allDelivered()).isTrue();
        assertThat(server.connections.getFirst().batches()).extracting(StreamFrame.Batch::seq).containsExactly(1L, 2L);
        assertThat(server.v1Metrics).containsExactly(2L);
        assertThat(link.isUp()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(submit(samples(19)).allDelivered()).isTrue();
        assertThat(server.connections).hasSize(1);
        assertThat(server.v1Metrics).containsExactly(2L, 3L);
    }

    @Test
    void anUnreachableStreamFallsBackToV1() throws Exception {
        // A server that is gone: the stream cannot be opened, so v1 is tried (its failure is the one reported), and the batch stays.
        server.close();
        Outbox.FlushResult r = submit(samples(14));
        assertThat(r.remaining()).isEqualTo(1);
        assertThat(r.problem()).get().asString().startsWith("cannot reach " + server.uri());
        assertThat(spool.entries()).hasSize(1);
        assertThat(link.isUp()).isFalse();
    }

    @Test
    void pingsKeepAnIdleConnectionAndASilentServerIsCut() throws Exception {
        assertThat(submit(samples(15)).allDelivered()).isTrue();
        StreamTestServer.Conn conn = server.connections.getFirst();
        Instant due = link.nextKeepAlive();
        assertThat(due).isEqualTo(clock.instant().plus(StreamLink.PING_EVERY));
        link.keepAlive();
        assertThat(conn.pings.get()).as("no ping before it is due").isZero();

        clock.advance(StreamLink.PING_EVERY);
        link.keepAlive();
        awaitPings(conn, 1);
        assertThat(link.nextKeepAlive()).isEqualTo(clock.instant().plus(StreamLink.PING_EVERY));
        assertThat(link.isUp()).isTrue();

        // The server stops answering: after three pings' worth of silence the connection is cut, and the next batch opens a new one.
        Thread.sleep(200); // the pong to the last ping arrives before the clock moves on
        server.answerPings = false;
        int rounds = 0;
        while (link.isUp() && rounds < 10) {
            clock.advance(StreamLink.PING_EVERY);
            link.keepAlive();
            rounds++;
        }
        assertThat(link.isUp()).isFalse();
        assertThat(rounds).as("cut after more than three pings' time of silence").isEqualTo(4);
        assertThat(link.nextKeepAlive()).isEqualTo(Instant.MAX);
        awaitEnded(conn);
        assertThat(submit(samples(16)).allDelivered()).isTrue();
        assertThat(server.connections).hasSize(2);
    }

    @Test
    void aConnectionWhoseSeriesNumbersAreUsedUpIsReplacedByAFreshOne() {
        long at = clock.millis();
        List<Messages.Sample> first = new ArrayList<>();
        List<Messages.Sample> second = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            first.add(new Messages.Sample("proc.cpu", "p" + i, i, "pct", at));
        }
        for (int i = 0; i < 2000; i++) {
            second.add(new Messages.Sample("proc.mem", "p" + i, i, "bytes", at));
        }
        assertThat(submit(first).allDelivered()).isTrue();
        assertThat(submit(second).allDelivered()).isTrue();
        // 5,000 series do not fit one connection's 4,096: the second batch went on a new one, numbered from 0 again.
        assertThat(server.connections).hasSize(2);
        StreamTestServer.Conn fresh = server.connections.get(1);
        assertThat(fresh.declared()).hasSize(2000).containsKeys(0, 1999);
        assertThat(asSamples(fresh, fresh.batches().getFirst())).containsExactlyElementsOf(second);
        assertThat(server.v1Metrics).isEmpty();
    }

    @Test
    void heartbeatsGoOnTheOpenStreamAndFetchThePlanOverV1OnlyWhenItsDigestChanges() {
        // No stream yet (metrics open it): the heartbeat is a v1 request, whose answer carries the plan.
        Delivery first = outbox.heartbeat();
        assertThat(first).isInstanceOf(Delivery.Delivered.class);
        assertThat(((Delivery.Delivered) first).body()).isNotEmpty();
        assertThat(server.v1Heartbeats).hasSize(1);
        assertThat(submit(samples(1)).allDelivered()).isTrue();
        StreamTestServer.Conn conn = server.connections.getFirst();

        // On the stream now; a digest this agent never fetched the plan of: the plan comes over v1 once.
        server.plan = 7;
        Delivery named = outbox.heartbeat();
        assertThat(((Delivery.Delivered) named).body()).isNotEmpty();
        assertThat(server.v1Heartbeats).hasSize(2);
        // The same digest: delivered on the stream alone, nothing to apply.
        Delivery same = outbox.heartbeat();
        assertThat(((Delivery.Delivered) same).body()).isEmpty();
        assertThat(server.v1Heartbeats).hasSize(2);
        // The plan changed on the server: fetched again.
        server.plan = -8;
        assertThat(((Delivery.Delivered) outbox.heartbeat()).body()).isNotEmpty();
        assertThat(server.v1Heartbeats).hasSize(3);
        assertThat(conn.frames.stream().filter(f -> f instanceof StreamFrame.Alive)).hasSize(3);
        assertThat(link.isUp()).isTrue();
    }

    @Test
    void aHeartbeatTheStreamDoesNotAnswerGoesOverV1AndTheConnectionIsCut() throws Exception {
        assertThat(submit(samples(1)).allDelivered()).isTrue();
        server.answerAlive = false;
        Delivery d = outbox.heartbeat();
        assertThat(d).isInstanceOf(Delivery.Delivered.class);
        assertThat(server.v1Heartbeats).hasSize(1);
        assertThat(link.isUp()).isFalse();
        awaitEnded(server.connections.getFirst());
        // The next batch opens a new connection, and heartbeats follow it there.
        server.answerAlive = true;
        assertThat(submit(samples(2)).allDelivered()).isTrue();
        assertThat(server.connections).hasSize(2);
        assertThat(outbox.heartbeat()).isInstanceOf(Delivery.Delivered.class);
        assertThat(server.connections.get(1).frames.stream().filter(f -> f instanceof StreamFrame.Alive)).hasSize(1);
    }

    private static void awaitPings(StreamTestServer.Conn conn, int n) throws InterruptedException {
        for (int i = 0; i < 200 && conn.pings.get() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(conn.pings.get()).isEqualTo(n);
    }

    private static void awaitEnded(StreamTestServer.Conn conn) throws InterruptedException {
        for (int i = 0; i < 300 && !conn.ended; i++) {
            Thread.sleep(10);
        }
        assertThat(conn.ended).as("the server saw the connection end").isTrue();
    }
}
