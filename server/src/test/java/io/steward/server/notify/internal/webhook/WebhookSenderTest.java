package io.steward.server.notify.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The sender against a real socket on loopback that misbehaves the way a hostile receiver would. */
class WebhookSenderTest {

    @Test
    void aReceiverThatSendsHeadersAndThenStallsItsBodyHoldsTheAttemptOnlyUntilTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread receiver = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.readNBytes(Math.max(0, in.available()));
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nstart of a body that never ends".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(30_000);
                } catch (Exception ended) {
                    // the test is over
                }
            });
            try (WebhookSender sender = new WebhookSender(Duration.ofSeconds(1), Duration.ofSeconds(1))) {
                long t0 = System.nanoTime();
                WebhookSender.Outcome outcome = sender.post("http://127.0.0.1:" + server.getLocalPort() + "/hook", Map.of(), "{}");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(outcome.status()).isEqualTo(200);
                assertThat(outcome.excerpt()).contains("did not arrive within 1 s");
                assertThat(ms).as("the stalled body ends the attempt at the request timeout, not never").isLessThan(10_000);
            } finally {
                receiver.interrupt();
            }
        }
    }
}
