package io.steward.server.devices;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import io.steward.protocol.PinnedCertificateTrust;
import io.steward.protocol.stream.StreamFrame;
import io.steward.server.platform.TlsIdentity;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent stream on the wire, over the pinned HTTPS port, through a relay on loopback that can flip a bit of what the
 * agent sends and records it: a batch whose TLS record was tampered with ends the connection and is not stored, and the
 * recorded bytes of a whole signed-in connection, sent again on a new one, store nothing (TLS keys are fresh per
 * connection, and the hello signed the old connection's challenge).
 */
class StreamTamperTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TlsIdentity tls;

    @Test
    void aTamperedOrReplayedConnectionStoresNothing() throws Exception {
        Http api = adminApi();
        String client = OwnData.client(api, "Stream wire");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "stream-w-" + UUID.randomUUID().toString().substring(0, 8));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new PinnedCertificateTrust(tls.fingerprint())}, null);
        HttpClient pinned = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();

        try (Relay relay = new Relay(tls.port())) {
            TestStream stream = TestStream.open("https://localhost:" + relay.port(), pinned);
            stream.send(TestStream.hello(agent, (StreamFrame.Challenge) stream.next()));
            assertThat(stream.next()).isInstanceOf(StreamFrame.Welcome.class);
            stream.send(new StreamFrame.Declare(List.of(new StreamFrame.SeriesDef(0, "cpu.usage", "", "pct"))));
            stream.send(batch(1));
            assertThat(((StreamFrame.Ack) stream.next()).seq()).as("the relay itself changes nothing").isEqualTo(1);

            relay.flipNext.set(true);
            stream.send(batch(2));
            assertThat(stream.closed(Duration.ofSeconds(10)).code()).as("a tampered record ends the connection").isNotEqualTo(1000);
            assertThat(storedSeqs(agent)).containsExactly(1L);

            // The whole first connection as the agent sent it, replayed byte for byte on a new one.
            byte[] recorded = relay.sentByAgent();
            try (Socket replay = new Socket(InetAddress.getLoopbackAddress(), tls.port())) {
                replay.setSoTimeout(10_000);
                try {
                    replay.getOutputStream().write(recorded);
                    replay.getInputStream().readAllBytes();
                } catch (IOException endedByTheServer) {
                    // The server refuses the replayed handshake and closes: expected.
                }
            }
            assertThat(storedSeqs(agent)).containsExactly(1L);
        }
        OwnSeed.deleteClients(api, client);
    }

    private static StreamFrame.Batch batch(long seq) {
        return new StreamFrame.Batch(seq, System.currentTimeMillis(), new int[] {0, 0, 0}, new double[] {seq, seq + 1, seq + 2}, new int[] {0, 1, 2});
    }

    private List<Long> storedSeqs(TestAgent agent) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT seq FROM agent_message WHERE device_id = ? AND kind = 'metrics' ORDER BY seq")
                .param(UUID.fromString(agent.deviceId)).query(Long.class).list());
    }

    /** One relayed connection to the server's HTTPS port; records what the agent sends and flips a bit of it on demand. */
    private static final class Relay implements AutoCloseable {
        final AtomicBoolean flipNext = new AtomicBoolean();
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        private final int upstream;

        Relay(int upstream) throws IOException {
            this.upstream = upstream;
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return listener.getLocalPort();
        }

        synchronized byte[] sentByAgent() {
            return sent.toByteArray();
        }

        private void serve() {
            try (Socket agentSide = listener.accept(); Socket serverSide = new Socket(InetAddress.getLoopbackAddress(), upstream)) {
                Thread back = Thread.ofVirtual().start(() -> pump(serverSide, agentSide, false));
                pump(agentSide, serverSide, true);
                back.join();
            } catch (IOException | InterruptedException e) {
                // The test closed the relay, or a side went away.
            }
        }

        private void pump(Socket from, Socket to, boolean fromAgent) {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (fromAgent) {
                        synchronized (this) {
                            sent.write(buffer, 0, n);
                        }
                        if (n > 8 && flipNext.getAndSet(false)) {
                            // Inside the record's encrypted payload, past its 5-byte header.
                            buffer[n / 2 + 2] ^= 0x01;
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side closed.
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
