package io.steward.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.steward.protocol.DeviceKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP client must not resend a POST on its own: a heartbeat or batch resent behind the
 * agent's back would reach the server as a replayed sequence number. The server here answers
 * the first request of a kept-alive connection, then drops the connection after reading the
 * second request, the case in which an HTTP client may silently retry on a fresh connection.
 */
class AgentHttpTest {
    @Test
    void aPostWhoseConnectionDropsBeforeTheAnswerIsARetryForTheAgentAndIsNotResentByTheClient() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket socket = listener.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(socket, requests));
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            AgentHttp http = new AgentHttp(URI.create("http://127.0.0.1:" + listener.getLocalPort()), Optional.empty(), Clock.systemUTC());
            var key = DeviceKeys.generate().getPrivate();

            Delivery first = http.post("/api/agent/v1/heartbeat", "{\"seq\":1}".getBytes(StandardCharsets.UTF_8), "d", key);
            assertThat(first).isInstanceOf(Delivery.Delivered.class);

            Delivery second = http.post("/api/agent/v1/heartbeat", "{\"seq\":2}".getBytes(StandardCharsets.UTF_8), "d", key);
            assertThat(second).isInstanceOf(Delivery.Retry.class);
            // A resend would have opened a second connection and been answered 200 there.
            Thread.sleep(300);
            assertThat(requests).hasValue(2);
            assertThat(connections).hasValue(1);
        }
    }

    /** Answers the first request with 200 and keeps the connection; reads the second and closes without an answer. */
    private static void serve(Socket socket, AtomicInteger requests) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int onThisConnection = 1; ; onThisConnection++) {
                if (!readRequest(in)) {
                    return;
                }
                int n = requests.incrementAndGet();
                if (onThisConnection > 1 && n == 2) {
                    return;
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Reads one request (head and Content-Length body); false at the end of the stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return in.readNBytes(length).length == length;
    }
}
