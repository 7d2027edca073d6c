package io.steward.agent.collect;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.steward.protocol.Messages;
import io.steward.protocol.Messages.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP checks against a local server. */
class HttpChecksTest {
    HttpServer server;
    String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> {
            byte[] body = "ok".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/health");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void upWhenTheExpectedStatusComesBackDownOtherwise() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        List<Messages.HttpCheck> checks = List.of(new Messages.HttpCheck(base + "/health", 200), new Messages.HttpCheck(base + "/broken", 200),
                new Messages.HttpCheck(base + "/moved", 301), new Messages.HttpCheck(base + "/moved", 200),
                new Messages.HttpCheck("http://127.0.0.1:" + closed + "/", 200));
        List<Sample> samples = new HttpChecks(() -> checks).collect(3);

        assertThat(samples).filteredOn(s -> s.metric().equals("http.up")).extracting(Sample::instance, Sample::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(base + "/health", 1.0), org.assertj.core.groups.Tuple.tuple(base + "/broken", 0.0),
                org.assertj.core.groups.Tuple.tuple(base + "/moved", 1.0), org.assertj.core.groups.Tuple.tuple(base + "/moved", 0.0),
                org.assertj.core.groups.Tuple.tuple("http://127.0.0.1:" + closed + "/", 0.0));
        assertThat(samples).filteredOn(s -> s.metric().equals("http.status")).extracting(Sample::value)
                .containsExactly(200.0, 503.0, 301.0, 301.0, 0.0);
        // A latency wherever the server answered, none where nothing answered.
        assertThat(samples).filteredOn(s -> s.metric().equals("http.latency_ms")).hasSize(4)
                .allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0.0).isLessThan(5000.0))
                .allSatisfy(s -> assertThat(s.unit()).isEqualTo("ms"))
                .noneSatisfy(s -> assertThat(s.instance()).contains(":" + closed));
        assertThat(samples).allSatisfy(s -> assertThat(s.at()).isEqualTo(3));
    }

    @Test
    void noChecksNoSamples() {
        assertThat(new HttpChecks(List::of).collect(1)).isEmpty();
    }
}
